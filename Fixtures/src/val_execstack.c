/* execstack wheel: linked with -z execstack (PT_GNU_STACK RWE). value() == 9. */
#include "fixture.h"

long fixture_value(void) { return 9; }
