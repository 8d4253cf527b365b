// Project files: container layout, round trips, every tamper position, wrong passphrase,
// truncation, newer versions, and crmwb encrypt / decrypt / project info through the driver.
#include <gtest/gtest.h>

#include <map>
#include <mutex>

#include "crm/common.h"
#include "crm/project.h"
#include "crypto_openssl.h"
#include "mem_io.h"

namespace {

/// OpenSSL with derived keys remembered, so hundreds of tamper cases stay fast.
class CachedCipher : public crm::cli::OpenSslCipher {
 public:
  std::array<uint8_t, 32> derive_key(std::string_view p, const std::array<uint8_t, 16>& salt,
                                     uint32_t it) const override {
    const std::string k = std::string(p) + '\0' +
                          std::string(reinterpret_cast<const char*>(salt.data()), 16) +
                          std::to_string(it);
    std::lock_guard<std::mutex> lock(m_);
    auto f = cache_.find(k);
    if (f != cache_.end()) return f->second;
    return cache_[k] = OpenSslCipher::derive_key(p, salt, it);
  }

 private:
  mutable std::mutex m_;
  mutable std::map<std::string, std::array<uint8_t, 32>> cache_;
};

const char* kCsv = "name,email\n Ann Lee ,ann@example.com\nbob ray,bob@example.org\n";

crm::Project sample() {
  crm::Project p;
  p.manifest = crm::new_project_manifest("people.csv", std::strlen(kCsv), {{"header", "auto"}});
  p.manifest["history"]["steps"] = nlohmann::json::parse(
      R"([{"op":"trim","column":"name"},{"op":"case","column":"name","mode":"title"},
          {"op":"edit_cell","column":"email","row":1,"value":"bob@example.com"}])");
  p.manifest["history"]["undone"] = 1;
  p.manifest["project_key"] = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
  p.file_bytes = kCsv;
  return p;
}

/// A seal with `pass`, the fewest iterations (fast with the cache) and 2^shift-byte segments.
crm::ProjectSeal seal_of(const crm::ProjectCipher& c, const std::string& pass,
                         uint8_t shift = crm::kProjectDefaultSegmentShift) {
  crm::ProjectSeal seal;
  seal.passphrase = pass;
  seal.iterations = crm::kProjectMinIterations;
  seal.segment_shift = shift;
  seal.cipher = &c;
  return seal;
}

/// The sample with a longer file (about 1.3 KB), so 64-byte segments make about 20 of them.
crm::Project long_sample() {
  crm::Project p = sample();
  for (int i = 0; i < 30; ++i)
    p.file_bytes += "row " + std::to_string(i) + ",r" + std::to_string(i) + "@example.com\n";
  p.manifest["file"]["size"] = p.file_bytes.size();
  return p;
}

std::string code_of(const std::string& file, const crm::ProjectCipher* c, const std::string* pass) {
  try {
    crm::read_project(file, c, pass);
  } catch (const crm::InputError& e) {
    return e.code();
  }
  return "";
}

TEST(Project, PlainRoundTripAndLayout) {
  const crm::Project p = sample();
  const std::string f = crm::write_project(p, {});
  ASSERT_EQ(f.substr(0, 8), "CRMWBPRJ");
  EXPECT_EQ(f[8], 2);   // container version, little-endian u16
  EXPECT_EQ(f[14], 0);  // no segments when not encrypted
  EXPECT_EQ(f[10], 0);  // flags
  EXPECT_EQ(f.size(),
            crm::kProjectHeaderSize + 4 + p.manifest.dump().size() + 8 + std::strlen(kCsv));
  const crm::Project q = crm::read_project(f, nullptr, nullptr);
  EXPECT_EQ(q.manifest, p.manifest);
  EXPECT_EQ(q.file_bytes, p.file_bytes);
  size_t undone = 9;
  const crm::Recipe r = crm::project_history(q.manifest, undone);
  EXPECT_EQ(r.steps.size(), 3u);
  EXPECT_TRUE(r.steps[2].row_specific);
  EXPECT_EQ(undone, 1u);
}

TEST(Project, EncryptedRoundTripAndHeader) {
  CachedCipher c;
  crm::ProjectSeal seal;
  seal.passphrase = "correct horse battery staple";
  seal.cipher = &c;
  const std::string f = crm::write_project(sample(), seal);
  const crm::ProjectHeader h = crm::read_project_header(f);
  EXPECT_TRUE(h.encrypted());
  EXPECT_EQ(h.iterations, 600000u);
  EXPECT_EQ(h.kdf, 1);
  EXPECT_EQ(h.cipher, 1);
  EXPECT_EQ(h.payload_length, f.size() - crm::kProjectHeaderSize);
  EXPECT_EQ(f.find("ann@example.com"), std::string::npos);  // ciphertext only
  const crm::Project q = crm::read_project(f, &c, &*seal.passphrase);
  EXPECT_EQ(q.file_bytes, kCsv);
  EXPECT_EQ(q.manifest, sample().manifest);
  // Two saves differ (fresh salt and nonce).
  EXPECT_NE(crm::write_project(sample(), seal).substr(16, 32), f.substr(16, 32));
}

TEST(Project, WrongPassphraseAndMissingOne) {
  CachedCipher c;
  const crm::ProjectSeal seal = seal_of(c, "right");
  const std::string f = crm::write_project(sample(), seal);
  const std::string wrong = "Right";
  EXPECT_EQ(code_of(f, &c, &wrong), "wrong_passphrase");
  EXPECT_EQ(code_of(f, &c, nullptr), "passphrase_needed");
  EXPECT_EQ(code_of(f, nullptr, &wrong), "no_cipher");
  // With many segments a wrong passphrase fails the first one: still "wrong_passphrase".
  EXPECT_EQ(code_of(crm::write_project(long_sample(), seal_of(c, "right", 6)), &c, &wrong),
            "wrong_passphrase");
}

TEST(Project, SegmentLayout) {
  CachedCipher c;
  const crm::Project p = long_sample();
  const crm::ProjectSeal seal = seal_of(c, "pass", 6);
  const std::string f = crm::write_project(p, seal);
  const crm::ProjectHeader h = crm::read_project_header(f);
  const uint64_t plain = crm::build_project_payload(p).size();
  EXPECT_EQ(h.version, 2);
  EXPECT_EQ(h.segment_shift, 6);
  EXPECT_EQ(f[14], 6);
  EXPECT_EQ(h.segments(), (plain + 63) / 64);
  EXPECT_EQ(h.payload_length, plain + 16 * h.segments());
  EXPECT_EQ(h.plain_length(), plain);
  const crm::Project q = crm::read_project(f, &c, &*seal.passphrase);
  EXPECT_EQ(q.file_bytes, p.file_bytes);
  EXPECT_EQ(q.manifest, p.manifest);
  // A payload of exactly 2 segments has no empty third one; an empty payload has one segment.
  EXPECT_EQ(crm::project_segment_nonce({}, 0x0102, true),
            (std::array<uint8_t, 12>{1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2}));
  crm::ProjectHeader e = h;
  e.payload_length = 2 * (64 + 16);
  EXPECT_EQ(e.segments(), 2u);
  e.payload_length = 16;
  EXPECT_EQ(e.segments(), 1u);
}

TEST(Project, DroppedSwappedOrRepeatedSegmentsAreRefused) {
  CachedCipher c;
  const crm::ProjectSeal seal = seal_of(c, "pass", 6);
  const std::string f = crm::write_project(long_sample(), seal);
  const size_t seg = 64 + 16, at = crm::kProjectHeaderSize;
  const crm::ProjectHeader h = crm::read_project_header(f);
  ASSERT_GE(h.segments(), 5u);
  const auto patch_length = [&h](const std::string& t) {
    crm::ProjectHeader g = h;
    g.payload_length = t.size() - crm::kProjectHeaderSize;
    return crm::project_header_bytes(g) + t.substr(crm::kProjectHeaderSize);
  };
  // Segment 2 dropped: the length in the header no longer fits; with the length fixed the
  // header (associated data of every segment) fails.
  const std::string dropped = f.substr(0, at + 2 * seg) + f.substr(at + 3 * seg);
  EXPECT_EQ(code_of(dropped, &c, &*seal.passphrase), "truncated_project");
  EXPECT_EQ(code_of(patch_length(dropped), &c, &*seal.passphrase), "wrong_passphrase");
  // Segments 1 and 2 swapped; segment 1 repeated in place of 2.
  std::string swapped = f;
  swapped.replace(at + seg, seg, f.substr(at + 2 * seg, seg));
  swapped.replace(at + 2 * seg, seg, f.substr(at + seg, seg));
  EXPECT_EQ(code_of(swapped, &c, &*seal.passphrase), "changed_project");
  std::string repeated = f;
  repeated.replace(at + 2 * seg, seg, f.substr(at + seg, seg));
  EXPECT_EQ(code_of(repeated, &c, &*seal.passphrase), "changed_project");
  // Cut after a whole segment, header length fixed: refused (header and the last-segment flag).
  EXPECT_EQ(code_of(patch_length(f.substr(0, at + 3 * seg)), &c, &*seal.passphrase),
            "wrong_passphrase");
  // A segment from another save with the same passphrase does not fit either.
  const std::string other = crm::write_project(long_sample(), seal);
  std::string mixed = f;
  mixed.replace(at + seg, seg, other.substr(at + seg, seg));
  EXPECT_EQ(code_of(mixed, &c, &*seal.passphrase), "changed_project");
  try {
    crm::read_project(swapped, &c, &*seal.passphrase);
  } catch (const crm::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("part 2 of"), std::string::npos) << e.what();
  }
}

TEST(Project, VersionOneFilesStillOpen) {
  // Written by crmwb before segments (format version 1: one AES-GCM message).
  CachedCipher c;
  std::string f, pass;
  FILE* in = std::fopen(CRM_TEST_DATA "/project_v1.crmwb", "rb");
  ASSERT_TRUE(in);
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, in)) > 0;) f.append(buf, n);
  std::fclose(in);
  in = std::fopen(CRM_TEST_DATA "/project_v1.pass", "rb");
  ASSERT_TRUE(in);
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, in)) > 0;) pass.append(buf, n);
  std::fclose(in);
  pass.pop_back();  // the final line break
  const crm::ProjectHeader h = crm::read_project_header(f);
  EXPECT_EQ(h.version, 1);
  EXPECT_FALSE(h.segmented());
  EXPECT_EQ(h.segments(), 1u);
  const crm::Project p = crm::read_project(f, &c, &pass);
  EXPECT_EQ(
      p.file_bytes,
      "name,email,phone\nAnn Lee,ann@example.com,+1 415 555 0100\nBob Ray,bob@example.org,\n");
  const std::string wrong = "v1";
  EXPECT_EQ(code_of(f, &c, &wrong), "wrong_passphrase");
  for (size_t i = 0; i < f.size(); i += i == 15 ? 21 : 1) {  // not the iterations and salt
    std::string t = f;
    t[i] = static_cast<char>(t[i] ^ 0x01);
    EXPECT_FALSE(code_of(t, &c, &pass).empty()) << "byte " << i;
  }
}

TEST(Project, EveryFlippedByteIsRefused) {
  CachedCipher c;
  // One segment (the default size) and about 20 segments of 64 bytes.
  for (const uint8_t shift : {crm::kProjectDefaultSegmentShift, uint8_t{6}}) {
    const crm::ProjectSeal seal = seal_of(c, "pass", shift);
    const std::string f = crm::write_project(shift == 6 ? long_sample() : sample(), seal);
    for (size_t i = 0; i < f.size(); ++i) {
      // The iterations and salt (each flip a new PBKDF2 run) only once.
      if (shift == 6 && i == 16) i = 36;
      for (uint8_t bit : {0x01, 0x80}) {
        std::string t = f;
        t[i] = static_cast<char>(t[i] ^ bit);
        const std::string code = code_of(t, &c, &*seal.passphrase);
        EXPECT_FALSE(code.empty()) << "byte " << i << " bit " << int(bit) << " was accepted";
      }
    }
  }
}

TEST(Project, PlainFileTamperIsCaughtWhereStructural) {
  // Unencrypted projects carry no tag: changes in the lengths, magic or version are refused.
  const std::string f = crm::write_project(sample(), {});
  for (size_t i : {0, 7, 8, 10, 12, 13, 16, 48, 56, 57}) {
    std::string t = f;
    t[i] = static_cast<char>(t[i] ^ 0x40);
    EXPECT_FALSE(code_of(t, nullptr, nullptr).empty()) << "byte " << i;
  }
}

TEST(Project, EveryTruncationIsRefused) {
  CachedCipher c;
  const crm::ProjectSeal seal = seal_of(c, "pass"), small = seal_of(c, "pass", 6);
  for (const std::string& f :
       {crm::write_project(sample(), seal), crm::write_project(long_sample(), small),
        crm::write_project(sample(), {})}) {
    for (size_t n = 0; n < f.size(); ++n) {
      const std::string code = code_of(f.substr(0, n), &c, &*seal.passphrase);
      EXPECT_TRUE(code == "truncated_project" || (n == 0 && code == "not_project"))
          << n << ": " << code;
    }
    EXPECT_EQ(code_of(f + "x", &c, &*seal.passphrase), "bad_project");
  }
}

TEST(Project, NewerVersionsAndWrongMagic) {
  std::string f = crm::write_project(sample(), {});
  std::string v2 = f;  // a version after this build's
  v2[8] = 3;
  EXPECT_EQ(code_of(v2, nullptr, nullptr), "newer_project");
  std::string flags = f;
  flags[10] = 4;
  EXPECT_EQ(code_of(flags, nullptr, nullptr), "newer_project");
  std::string shift = f;  // a segment size on a plain project
  shift[14] = 6;
  EXPECT_EQ(code_of(shift, nullptr, nullptr), "newer_project");
  EXPECT_EQ(code_of("name,email\na,b\n" + std::string(80, 'x'), nullptr, nullptr), "not_project");
  crm::Project p = sample();
  p.manifest["crmwb_project"] = 2;
  EXPECT_EQ(code_of(crm::write_project(p, {}), nullptr, nullptr), "newer_project");
  try {
    crm::read_project(v2, nullptr, nullptr);
  } catch (const crm::InputError& e) {
    EXPECT_NE(std::string(e.what()).find("newer crmwb"), std::string::npos) << e.what();
  }
}

TEST(Project, BadManifests) {
  crm::Project p = sample();
  p.manifest["history"]["undone"] = 7;
  EXPECT_EQ(code_of(crm::write_project(p, {}), nullptr, nullptr), "bad_project");
  p = sample();
  p.manifest.erase("file");
  EXPECT_EQ(code_of(crm::write_project(p, {}), nullptr, nullptr), "bad_project");
}

/// The in-memory host with OpenSSL, as the native tool has.
class CryptoIo : public crm::test::MemIo {
 public:
  const crm::ProjectCipher* cipher() override { return &c_; }

 private:
  CachedCipher c_;
};

TEST(ProjectCli, EncryptInfoDecrypt) {
  CryptoIo io;
  io.files["people.csv"] = kCsv;
  io.files["pass.txt"] = "s3cret words\n";
  ASSERT_EQ(crm::cli::run({"encrypt", "people.csv", "--out", "p.crmwb", "--passphrase-file",
                           "pass.txt", "--iterations", "100000"},
                          io),
            0)
      << io.err_text;
  ASSERT_EQ(crm::cli::run({"project", "info", "p.crmwb"}, io), 0) << io.err_text;
  EXPECT_NE(io.out_text.find("100000 iterations"), std::string::npos) << io.out_text;
  ASSERT_EQ(crm::cli::run({"decrypt", "p.crmwb", "--out", "o.csv", "--passphrase-file", "pass.txt",
                           "--original"},
                          io),
            0)
      << io.err_text;
  EXPECT_EQ(io.files["o.csv"], kCsv);
  ASSERT_EQ(
      crm::cli::run({"decrypt", "p.crmwb", "--out", "t.csv", "--passphrase-file", "pass.txt"}, io),
      0)
      << io.err_text;
  // No history: the table as loaded, as crmwb convert writes it.
  io.files["people.csv"] = kCsv;
  ASSERT_EQ(crm::cli::run({"convert", "people.csv", "--out", "c.csv"}, io), 0);
  EXPECT_EQ(io.files["t.csv"], io.files["c.csv"]);
  io.files["bad.txt"] = "wrong";
  io.err_text.clear();
  EXPECT_EQ(
      crm::cli::run({"decrypt", "p.crmwb", "--out", "x.csv", "--passphrase-file", "bad.txt"}, io),
      1);
  EXPECT_NE(io.err_text.find("passphrase is wrong"), std::string::npos) << io.err_text;
  EXPECT_EQ(crm::cli::run({"decrypt", "p.crmwb", "--out", "x.csv"}, io), 2);
  EXPECT_EQ(crm::cli::run({"encrypt", "people.csv", "--out", "y.crmwb"}, io), 2);
  EXPECT_EQ(crm::cli::run(
                {"encrypt", "p.crmwb", "--out", "z.crmwb", "--passphrase-file", "pass.txt"}, io),
            1);
}

TEST(ProjectCli, DecryptAppliesHistoryWithUndone) {
  CryptoIo io;
  crm::Project p = sample();
  io.files["plain.crmwb"] = crm::write_project(p, {});
  ASSERT_EQ(crm::cli::run({"decrypt", "plain.crmwb", "--out", "o.csv"}, io), 0) << io.err_text;
  // trim and title case applied; the edit_cell step is undone.
  EXPECT_EQ(io.files["o.csv"],
            "name,email\r\nAnn Lee,ann@example.com\r\nBob Ray,bob@example.org\r\n");
  p.manifest["history"]["undone"] = 0;
  io.files["plain.crmwb"] = crm::write_project(p, {});
  ASSERT_EQ(crm::cli::run({"decrypt", "plain.crmwb", "--out", "o.csv"}, io), 0) << io.err_text;
  EXPECT_EQ(io.files["o.csv"],
            "name,email\r\nAnn Lee,ann@example.com\r\nBob Ray,bob@example.com\r\n");
  // A plain project encrypts in place of a file.
  io.files["pass.txt"] = "pw";
  ASSERT_EQ(crm::cli::run({"encrypt", "plain.crmwb", "--out", "e.crmwb", "--passphrase-file",
                           "pass.txt", "--iterations", "100000"},
                          io),
            0)
      << io.err_text;
  ASSERT_EQ(
      crm::cli::run({"decrypt", "e.crmwb", "--out", "o2.csv", "--passphrase-file", "pass.txt"}, io),
      0);
  EXPECT_EQ(io.files["o2.csv"], io.files["o.csv"]);
}

}  // namespace
