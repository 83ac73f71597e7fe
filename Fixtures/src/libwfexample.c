/* The private helper library of the bundled example wheel (make run). */
int wfexample_helper(void) { return 2000; }
