// The CLI driver with an in-memory host: exit codes, messages naming file and line, outputs.
#include <gtest/gtest.h>

#include <map>

#include <nlohmann/json.hpp>

#include "app.h"
#include "mem_io.h"

namespace {

using crm::test::MemIo;

struct CliCase {
  const char* name;
  std::vector<std::string> args;
  int status;
  std::string stderr_part;
};

class CliExit : public ::testing::TestWithParam<CliCase> {};

TEST_P(CliExit, StatusAndMessage) {
  MemIo io;
  io.files["good.csv"] = "a,b\n1,2\n";
  io.files["empty.csv"] = "";
  io.files["pic.csv"] = std::string("\x89PNG\r\n\x1A\n") + std::string(5000, '\0');
  const CliCase& c = GetParam();
  EXPECT_EQ(crm::cli::run(c.args, io), c.status);
  EXPECT_NE(io.err_text.find(c.stderr_part), std::string::npos) << io.err_text;
}

INSTANTIATE_TEST_SUITE_P(
    Cli, CliExit,
    ::testing::Values(
        CliCase{"no_command", {}, 2, "no command given"},
        CliCase{"unknown_command", {"frob"}, 2, "unknown command 'frob'"},
        CliCase{"profile_without_file", {"profile"}, 2, "profile needs a FILE"},
        CliCase{"bad_header_value",
                {"profile", "good.csv", "--header", "maybe"},
                2,
                "--header takes yes, no or auto"},
        CliCase{"bad_delimiter",
                {"profile", "good.csv", "--delimiter", ";;"},
                2,
                "--delimiter takes one character"},
        CliCase{
            "bad_date", {"profile", "good.csv", "--reference-date", "2026-02-30"}, 2, "YYYY-MM-DD"},
        CliCase{"unknown_option", {"profile", "good.csv", "--fast"}, 2, "unknown option --fast"},
        CliCase{"zero_threads",
                {"profile", "good.csv", "--threads", "0"},
                2,
                "--threads takes a number from 1 to 256"},
        CliCase{"word_threads",
                {"profile", "good.csv", "--threads", "many"},
                2,
                "--threads takes a whole number"},
        CliCase{"missing_file",
                {"profile", "nope.csv"},
                1,
                "crmwb: nope.csv: cannot read: no such file"},
        CliCase{"empty_file", {"profile", "empty.csv"}, 1, "crmwb: empty.csv: the file is empty"},
        CliCase{"binary_file", {"profile", "pic.csv"}, 1, "crmwb: pic.csv: line 1: this is a PNG"},
        CliCase{"convert_unknown_format",
                {"convert", "good.csv", "--out", "x.xml"},
                2,
                "cannot tell the output format"},
        CliCase{"convert_unwritable",
                {"convert", "good.csv", "--out", "/readonly/x.csv"},
                1,
                "crmwb: /readonly/x.csv: cannot write: permission denied"},
        CliCase{"generate_needs_args", {"generate", "--rows", "10"}, 2, "generate needs"},
        CliCase{"generate_bad_rate",
                {"generate", "--rows", "1", "--seed", "1", "--dup-rate", "2", "--out", "g.csv"},
                2,
                "--dup-rate"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(Cli, ConvertToJsonAndCsv) {
  MemIo io;
  io.files["in.csv"] = "name;note\r\nAnn;\"a;b\"\r\nBob;\r\n";
  ASSERT_EQ(crm::cli::run({"convert", "in.csv", "--out", "o.json"}, io), 0) << io.err_text;
  EXPECT_EQ(nlohmann::json::parse(io.files["o.json"]),
            nlohmann::json::parse(R"([{"name":"Ann","note":"a;b"},{"name":"Bob","note":""}])"));
  ASSERT_EQ(crm::cli::run({"convert", "in.csv", "--out", "o.csv"}, io), 0);
  EXPECT_EQ(io.files["o.csv"], "name,note\r\nAnn,a;b\r\nBob,\r\n");
  ASSERT_EQ(crm::cli::run({"convert", "in.csv", "--out", "o.jsonl"}, io), 0);
  EXPECT_EQ(io.files["o.jsonl"],
            "{\"name\":\"Ann\",\"note\":\"a;b\"}\n{\"name\":\"Bob\",\"note\":\"\"}\n");
}

TEST(Cli, ConvertWithoutHeaderGivesArrays) {
  MemIo io;
  io.files["in.csv"] = "1,2\n3,4\n";
  ASSERT_EQ(crm::cli::run({"convert", "in.csv", "--header", "no", "--out", "o.json"}, io), 0);
  EXPECT_EQ(nlohmann::json::parse(io.files["o.json"]),
            nlohmann::json::parse(R"([["1","2"],["3","4"]])"));
}

TEST(Cli, ConvertReportsWarningsOnStderr) {
  MemIo io;
  io.files["in.csv"] = "a,b\n1\n";
  ASSERT_EQ(crm::cli::run({"convert", "in.csv", "--out", "o.csv"}, io), 0);
  EXPECT_NE(io.err_text.find("crmwb: in.csv: warning: 1 row has fewer than 2 fields"),
            std::string::npos)
      << io.err_text;
}

TEST(Cli, ProfileJsonHasTheDocumentedFields) {
  MemIo io;
  io.files["in.csv"] = "id,email\n1,a@b.co\n2,\n";
  ASSERT_EQ(crm::cli::run({"profile", "in.csv", "--json", "--reference-date", "2026-01-01"}, io), 0)
      << io.err_text;
  const auto j = nlohmann::json::parse(io.out_text);
  for (const char* k : {"rows", "columns", "duplicate_rows", "quality", "dialect", "warnings"}) {
    EXPECT_TRUE(j.contains(k)) << k;
  }
  EXPECT_EQ(j["rows"], 2);
  EXPECT_EQ(j["columns"][1]["missing"], 1);
  EXPECT_EQ(j["dialect"]["delimiter"], ",");
}

TEST(Cli, NullTokenOptions) {
  MemIo io;
  io.files["in.csv"] = "v\nunknown\nNULL\nx\n";
  ASSERT_EQ(crm::cli::run({"profile", "in.csv", "--json", "--null-token", "unknown"}, io), 0);
  EXPECT_EQ(nlohmann::json::parse(io.out_text)["columns"][0]["missing"], 2);
  io.out_text.clear();
  ASSERT_EQ(crm::cli::run({"profile", "in.csv", "--json", "--no-default-nulls"}, io), 0);
  EXPECT_EQ(nlohmann::json::parse(io.out_text)["columns"][0]["missing"], 0);
}

TEST(Cli, GenerateIsDeterministic) {
  MemIo a, b;
  ASSERT_EQ(
      crm::cli::run(
          {"generate", "--rows", "50", "--seed", "5", "--out", "g.csv", "--truth", "t.csv"}, a),
      0)
      << a.err_text;
  ASSERT_EQ(
      crm::cli::run(
          {"generate", "--rows", "50", "--seed", "5", "--out", "g.csv", "--truth", "t.csv"}, b),
      0);
  EXPECT_EQ(a.files["g.csv"], b.files["g.csv"]);
  EXPECT_EQ(a.files["t.csv"], b.files["t.csv"]);
  EXPECT_FALSE(a.files["g.csv"].empty());
}

}  // namespace
