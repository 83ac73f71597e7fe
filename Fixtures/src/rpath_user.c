/* librpath.so / librunpath.so: NEEDED liba.so.1, found through DT_RPATH or DT_RUNPATH
 * "$ORIGIN/private/lib:$ORIGIN/../lib". With DT_RPATH, liba's own dependency libb.so.1 is
 * found through this library's RPATH too; with DT_RUNPATH it is not. */
int liba_value(void);
int rpath_user_value(void) { return liba_value(); }
