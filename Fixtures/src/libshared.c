/* One external library needed by both extensions of the `shared` wheel. */
int shared_value(void) { return 1000; }
