// The hand-written header reader accepts exactly the JSON that nlohmann/json (a conforming parser)
// accepts, and decodes strings to the same bytes: nlohmann is the oracle for every case below.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "core/json_scanner.hpp"
#include "core/lenient_json.hpp"
#include "header_builder.hpp"
#include "safetensors/safetensors_header.hpp"

using namespace hfmi;
using hfmi::test::header_bytes_from_json;

namespace {

// `raw_key` is the JSON text of the key, quotes included.
std::string header_with_key(const std::string& raw_key) {
  return "{" + raw_key + ":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}";
}

}  // namespace

TEST_CASE("json scanner: string escapes and UTF-8 agree with nlohmann", "[safetensors][json]") {
  const std::vector<std::string> keys = {
      R"("plain")", R"("")", R"("a\"b")", R"("a\\b")", R"("a\/b")", R"("\b\f\n\r\t")", R"("\u0041")",
      R"("\u00e9")", R"("\u20AC")", R"("\uD83D\uDE00")", R"("\u0000")",
      // invalid escapes and surrogates
      R"("\x41")", R"("\u12")", R"("\u12G4")", R"("\uD83D")", R"("\uDE00")", R"("\uD83D\u0041")", R"("\)",
      // raw UTF-8: valid 2/3/4-byte, overlong, surrogate, beyond U+10FFFF, truncated, stray continuation
      "\"\xc3\xa9\"", "\"\xe2\x82\xac\"", "\"\xf0\x9f\x98\x80\"", "\"\xc0\xaf\"", "\"\xe0\x80\xaf\"", "\"\xed\xa0\x80\"",
      "\"\xf4\x90\x80\x80\"", "\"\xe2\x82\"", "\"\x80\"", "\"\xff\"",
      // raw control characters are not allowed in JSON strings
      std::string("\"a\tb\""), std::string("\"a\nb\""), std::string("\"a\x01z\""), "\"a\x7f\"",
      // unterminated
      "\"abc",
  };
  for (const std::string& key : keys) {
    const std::string text = header_with_key(key);
    nlohmann::json oracle;
    bool oracle_ok = true;
    try {
      oracle = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception&) {
      oracle_ok = false;
    }
    auto r = decode_safetensors_header(header_bytes_from_json(text), 0, "x");
    INFO("key " << key);
    CHECK(r.ok() == oracle_ok);
    if (r.ok() && oracle_ok) {
      REQUIRE(r->tensors.size() == 1);
      CHECK(r->tensors[0].name == oracle.begin().key());
    }
  }
}

TEST_CASE("json scanner: numbers and structure agree with nlohmann", "[safetensors][json]") {
  const std::vector<std::string> texts = {
      R"({"t":{"dtype":"U8","shape":[01],"data_offsets":[0,1]}})",
      R"({"t":{"dtype":"U8","shape":[1.],"data_offsets":[0,1]}})",
      R"({"t":{"dtype":"U8","shape":[1e],"data_offsets":[0,1]}})",
      R"({"t":{"dtype":"U8","shape":[-],"data_offsets":[0,1]}})",
      R"({"t":{"dtype":"U8","shape":[1,],"data_offsets":[0,1]}})",
      R"({"t":{"dtype":"U8","shape":[1] "data_offsets":[0,1]}})",
      R"({"t":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},})",
      R"({"t" {"dtype":"U8","shape":[1],"data_offsets":[0,1]}})",
      R"({,"t":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}})",
      R"( 	{"t" : { "dtype" : "U8" , "shape" : [ 1 ] , "data_offsets" : [ 0 , 1 ] } } 	)",
      R"({"t":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}})",
      R"({"__metadata__":{"a":"b",}})",
      R"({"__metadata__":nul})",
      R"({"t":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}})",
  };
  for (const std::string& text : texts) {
    bool oracle_ok = true;
    try {
      (void)nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception&) {
      oracle_ok = false;
    }
    auto r = decode_safetensors_header(header_bytes_from_json(text), 0, "x");
    INFO(text);
    CHECK(r.ok() == oracle_ok);
    if (!r.ok()) CHECK(r.error().code == "E_BAD_HEADER");
  }
}

TEST_CASE("json scanner: unsigned integers", "[json]") {
  const auto read = [](const std::string& s, uint64_t& v) {
    JsonScanner in(s);
    return in.unsigned_integer(v);
  };
  uint64_t v = 0;
  CHECK(read("18446744073709551615", v) == JsonScanner::Number::kOk);
  CHECK(v == 18446744073709551615ULL);
  CHECK(read("18446744073709551616", v) == JsonScanner::Number::kFractionOrTooLarge);
  CHECK(read("-3", v) == JsonScanner::Number::kNegative);
  CHECK(read("2.5", v) == JsonScanner::Number::kFractionOrTooLarge);
  CHECK(read("2e3", v) == JsonScanner::Number::kFractionOrTooLarge);
  CHECK(read("007", v) == JsonScanner::Number::kSyntax);
  CHECK(read("x", v) == JsonScanner::Number::kNotANumber);
}

TEST_CASE("json scanner: is_json_number takes one whole number token, RFC 8259's grammar", "[json]") {
  bool is_integer = false;
  for (const char* t : {"0", "-0", "12", "-12", "0.5", "1e5", "1E+5", "1e-5", "-0.0e0", "123.456E-7"}) {
    INFO(t);
    CHECK(hfmi::is_json_number(t, is_integer));
  }
  for (const char* t : {"", "-", "01", "+1", ".5", "1.", "1e", "1e+", "0x10", "Infinity", "NaN", "1.5.2", "1 ", "--1", "1e5.5"}) {
    INFO(t);
    CHECK_FALSE(hfmi::is_json_number(t, is_integer));
  }
  CHECK(hfmi::is_json_number("42", is_integer));
  CHECK(is_integer);
  CHECK(hfmi::is_json_number("42.0", is_integer));
  CHECK_FALSE(is_integer);
}
