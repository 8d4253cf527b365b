#include <gtest/gtest.h>
TEST(Placeholder, bad_input) { SUCCEED(); }
