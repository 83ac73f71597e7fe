int libc_chain_value(void) { return 1; }
