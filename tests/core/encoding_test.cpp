#include <gtest/gtest.h>
TEST(Placeholder, encoding) { SUCCEED(); }
