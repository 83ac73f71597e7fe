/* An external library the rpath/runpath/script fixtures need from outside the wheel. */
int outer_value(void) { return 300; }
