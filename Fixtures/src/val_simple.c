/* simple wheel: no calls into any library; value() == 42. */
#include "fixture.h"

long fixture_value(void) { return 42; }
