/* libexecstack.so: linked with -z execstack, so PT_GNU_STACK is RWE. */
int execstack_value(void) { return 9; }
