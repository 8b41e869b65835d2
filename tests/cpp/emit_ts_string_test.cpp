#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "emit/ts_string.hpp"

using namespace hfmi;

namespace {

// An independent decoder: the emitted literal must be a valid JSON string.
std::string json_decode(const std::string& literal) { return nlohmann::json::parse(literal).get<std::string>(); }

bool printable_ascii_only(const std::string& s) {
  for (unsigned char c : s)
    if (c < 0x20 || c > 0x7E) return false;
  return true;
}

// The literal's body (between the outer quotes) has no unescaped `"`.
bool no_unescaped_quote_inside(const std::string& lit) {
  for (size_t i = 1; i + 1 < lit.size(); ++i) {
    if (lit[i] == '\\') {
      ++i;
      continue;
    }
    if (lit[i] == '"') return false;
  }
  return true;
}

}  // namespace

TEST_CASE("ts_string_literal leaves plain ASCII alone and quotes it", "[emit]") {
  CHECK(ts_string_literal("Llama 3.1 8B") == "\"Llama 3.1 8B\"");
  CHECK(ts_string_literal("") == "\"\"");
  CHECK(ts_string_literal("DeepSeek V3/R1") == "\"DeepSeek V3/R1\"");
  CHECK(ts_string_literal("Meta's model") == "\"Meta's model\"");
  CHECK(ts_string_literal("costs $5") == "\"costs $5\"");  // a lone $ stays
}

TEST_CASE("ts_string_literal escapes quotes, backslashes and control characters", "[emit]") {
  CHECK(ts_string_literal("\"") == R"("\"")");
  CHECK(ts_string_literal("\\") == R"("\\")");
  CHECK(ts_string_literal("a\nb") == R"("a\nb")");
  CHECK(ts_string_literal("a\rb") == R"("a\rb")");
  CHECK(ts_string_literal("a\tb") == R"("a\tb")");
  CHECK(ts_string_literal("\b\f") == R"("\b\f")");
  CHECK(ts_string_literal(std::string("\x00", 1)) == R"("\u0000")");
  CHECK(ts_string_literal("\x01\x1f") == R"("\u0001\u001f")");
  CHECK(ts_string_literal("\x7f") == R"("\u007f")");
  CHECK(ts_string_literal("\v") == R"("\u000b")");
  CHECK(ts_string_literal("\"; process.exit(1); \"") == R"("\"; process.exit(1); \"")");
}

TEST_CASE("ts_string_literal escapes ${ as \\u0024{", "[emit]") {
  CHECK(ts_string_literal("${evil}") == R"("\u0024{evil}")");
  CHECK(ts_string_literal("a$${b}") == R"("a$\u0024{b}")");
  CHECK(ts_string_literal("$") == "\"$\"");
}

TEST_CASE("ts_string_literal writes non-ASCII as \\u escapes, astral code points as surrogate pairs", "[emit]") {
  CHECK(ts_string_literal("\xC3\xA9") == R"("\u00e9")");                 // é
  CHECK(ts_string_literal("\xE2\x80\xA8") == R"("\u2028")");             // LINE SEPARATOR
  CHECK(ts_string_literal("\xE2\x80\xA9") == R"("\u2029")");             // PARAGRAPH SEPARATOR
  CHECK(ts_string_literal("\xE2\x80\xAE") == R"("\u202e")");             // RIGHT-TO-LEFT OVERRIDE
  CHECK(ts_string_literal("\xF0\x9F\x98\x80") == R"("\ud83d\ude00")");   // U+1F600
  CHECK(ts_string_literal("\xF4\x8F\xBF\xBF") == R"("\udbff\udfff")");   // U+10FFFF
  CHECK(ts_string_literal("\xEF\xBB\xBF") == R"("\ufeff")");             // BOM
  CHECK(ts_string_literal("8\xC3\x97" "B200") == R"("8\u00d7B200")");    // 8×B200 (Kimi K2's description)
}

TEST_CASE("ts_string_literal replaces invalid UTF-8 with U+FFFD, one per maximal subpart", "[emit]") {
  CHECK(ts_string_literal("\xFF") == R"("\ufffd")");
  CHECK(ts_string_literal("a\x80z") == R"("a\ufffdz")");                    // stray continuation
  CHECK(ts_string_literal("\xC0\xAF") == R"("\ufffd\ufffd")");             // overlong '/'
  CHECK(ts_string_literal("\xE0\x80\xAF") == R"("\ufffd\ufffd\ufffd")");   // overlong 3-byte
  CHECK(ts_string_literal("\xED\xA0\x80") == R"("\ufffd\ufffd\ufffd")");   // UTF-16 surrogate D800
  CHECK(ts_string_literal("\xF4\x90\x80\x80") == R"("\ufffd\ufffd\ufffd\ufffd")");  // > U+10FFFF
  CHECK(ts_string_literal("\xE2\x82") == R"("\ufffd")");                     // truncated at the end
  CHECK(ts_string_literal("\xE2\x82x") == R"("\ufffdx")");                   // truncated before ASCII
  CHECK(ts_string_literal("\xF0\x9F\x98") == R"("\ufffd")");
  CHECK(ts_string_literal("\xF0\x9F\x98\xF0\x9F\x98\x80") == R"("\ufffd\ud83d\ude00")");
  CHECK(ts_string_literal("\xE0\xA0") == R"("\ufffd")");                     // valid 2-byte prefix of E0
  CHECK(ts_string_literal("\xC2") == R"("\ufffd")");
}

TEST_CASE("hostile strings decode back to the input through a JSON parser and never break out", "[emit]") {
  const std::vector<std::string> hostile = {
      "\"; process.exit(1); \"",
      "back\\slash\\",
      "\\\"",
      "${evil}",
      "`${process.exit(1)}`",
      "line1\nline2\r\nline3",
      "sep\xE2\x80\xA8para\xE2\x80\xA9",
      "emoji \xF0\x9F\x98\x80 \xF0\x9F\x92\xA9",
      "*/ /* // ",
      "</script><script>alert(1)</script>",
      "tab\there",
      std::string("nul\0byte", 8),
      "' single ' quotes '",
      "\xE2\x80\xAE reversed",
  };
  for (const auto& s : hostile) {
    INFO(s);
    const std::string lit = ts_string_literal(s);
    CHECK(printable_ascii_only(lit));
    CHECK(lit.front() == '"');
    CHECK(lit.back() == '"');
    CHECK(no_unescaped_quote_inside(lit));
    CHECK(lit.find("${") == std::string::npos);
    CHECK(json_decode(lit) == s);
    auto own = decode_ts_string_literal(lit);
    REQUIRE(own.ok());
    CHECK(own.value() == s);
  }
}

TEST_CASE("invalid UTF-8 decodes to the input with U+FFFD in place of each bad byte", "[emit]") {
  const std::string input = "ok\xFF" "fine\xC0\xAF";
  const std::string expected = "ok\xEF\xBF\xBD" "fine\xEF\xBF\xBD\xEF\xBF\xBD";
  CHECK(json_decode(ts_string_literal(input)) == expected);
}

TEST_CASE("ts_property_key: bare identifiers, quoted otherwise", "[emit]") {
  CHECK(ts_property_key("self_attn") == "self_attn");
  CHECK(ts_property_key("Qwen3NextDecoderLayer_GDN") == "Qwen3NextDecoderLayer_GDN");
  CHECK(ts_property_key("$x") == "$x");
  CHECK(ts_property_key("_") == "_");
  CHECK(ts_property_key("type") == "type");  // not reserved
  CHECK(ts_property_key("class") == "\"class\"");
  CHECK(ts_property_key("default") == "\"default\"");
  CHECK(ts_property_key("await") == "\"await\"");
  CHECK(ts_property_key("layers.0") == "\"layers.0\"");
  CHECK(ts_property_key("mlp-dense") == "\"mlp-dense\"");
  CHECK(ts_property_key("0abc") == "\"0abc\"");
  CHECK(ts_property_key("") == "\"\"");
  CHECK(ts_property_key("a b") == "\"a b\"");
  CHECK(ts_property_key("caf\xC3\xA9") == R"("caf\u00e9")");
  CHECK(ts_property_key("x\"};process.exit(1);({") == R"("x\"};process.exit(1);({")");
  CHECK(ts_property_key("__proto__") == R"(["__proto__"])");
}

TEST_CASE("decode_ts_string_literal understands every ES escape", "[emit]") {
  auto d = [](const std::string& lit) {
    auto r = decode_ts_string_literal(lit);
    REQUIRE(r.ok());
    return r.value();
  };
  CHECK(d("'single'") == "single");
  CHECK(d("\"a\\x41\\u0042\\u{43}\"") == "aABC");
  CHECK(d("\"\\u{1F600}\"") == "\xF0\x9F\x98\x80");
  CHECK(d("\"\\ud83d\\ude00\"") == "\xF0\x9F\x98\x80");
  CHECK(d("\"\\ud83d\"") == "\xEF\xBF\xBD");  // lone surrogate
  CHECK(d("\"a\\\nb\"") == "ab");              // line continuation
  CHECK(d("\"a\\\r\nb\"") == "ab");
  CHECK(d("\"\\v\\0\"") == std::string("\v\0", 2));
  CHECK(d("\"\\q\\'\"") == "q'");              // identity escapes
  CHECK(d("`template`") == "template");
  CHECK(d("`multi\nline`") == "multi\nline");
  size_t consumed = 0;
  auto r = decode_ts_string_literal("\"abc\", rest", &consumed);
  REQUIRE(r.ok());
  CHECK(consumed == 5);
}

TEST_CASE("decode_ts_string_literal refuses what is not a constant literal", "[emit]") {
  for (const std::string bad : {"abc", "\"unterminated", "\"raw\nbreak\"", "`${x}`", "\"\\1\"", "\"\\x4\"",
                                "\"\\u12\"", "\"\\u{110000}\"", "\"\\u{}\"", "'", "\"\\"}) {
    INFO(bad);
    auto r = decode_ts_string_literal(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "E_BAD_MODELS_TS");
  }
}
