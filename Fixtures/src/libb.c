int libc_chain_value(void);
int libb_value(void) { return libc_chain_value() + 10; }
