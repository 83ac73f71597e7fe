/* An intermediate library (libmid_rpath.so.1 / libmid_runpath.so.1) between an executable and
 * liba.so.1; it carries the RPATH or RUNPATH that decides whether libb.so.1 is found. */
int liba_value(void);
int mid_value(void) { return liba_value() + 1000; }
