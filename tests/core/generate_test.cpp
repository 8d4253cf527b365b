#include <gtest/gtest.h>
TEST(Placeholder, generate) { SUCCEED(); }
