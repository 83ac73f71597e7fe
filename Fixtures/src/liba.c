/* liba.so.1 -> libb.so.1 -> libc_chain.so.1: liba_value() = libb_value() + 100 = 111. */
int libb_value(void);
int liba_value(void) { return libb_value() + 100; }
