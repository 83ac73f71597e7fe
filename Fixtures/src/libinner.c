/* A library shipped inside the rpath/runpath wheels, found through the extension's
 * $ORIGIN-relative RPATH or RUNPATH. */
int inner_value(void) { return 20; }
