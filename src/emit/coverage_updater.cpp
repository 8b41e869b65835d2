#include "emit/coverage_updater.hpp"

#include <optional>
#include <vector>

namespace hfmi {
namespace {

struct Line {
  size_t begin;  // first byte
  size_t end;    // one past the content (before the line break)
  size_t next;   // start of the next line
};

std::vector<Line> split_lines(std::string_view t) {
  std::vector<Line> out;
  size_t i = 0;
  while (i < t.size()) {
    size_t e = i;
    while (e < t.size() && t[e] != '\n' && t[e] != '\r') ++e;
    size_t next = e;
    if (next < t.size()) next += (t[next] == '\r' && next + 1 < t.size() && t[next + 1] == '\n') ? 2 : 1;
    out.push_back({i, e, next});
    i = next;
  }
  return out;
}

std::string_view content(std::string_view t, const Line& l) { return t.substr(l.begin, l.end - l.begin); }

std::string key(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (c == ' ' || c == '\t' || c == '-' || c == '_') continue;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool is_heading(std::string_view line) { return line.size() > 3 && line.compare(0, 3, "## ") == 0; }
bool is_separator(std::string_view line) { return trim(line) == "---"; }

Error bad(const std::string& what, size_t line) {
  return make_error(codes::kBadModelsTs,
                    "model_coverage.mdx" + (line ? ":" + std::to_string(line) : std::string()) + ": " + what);
}

}  // namespace

std::string detect_newline(std::string_view t) {
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '\n') return "\n";
    if (t[i] == '\r') return i + 1 < t.size() && t[i + 1] == '\n' ? "\r\n" : "\r";
  }
  return "\n";
}

Result<CoverageUpdate> update_coverage_mdx(std::string_view text, const CoverageModel& model, bool replace) {
  const std::vector<Line> lines = split_lines(text);
  const std::string nl = detect_newline(text);
  const std::string want = key(model.display_name);

  // The Summary table and this model's row in it.
  std::optional<size_t> summary;
  for (size_t i = 0; i < lines.size() && !summary; ++i) {
    if (is_heading(content(text, lines[i])) && key(content(text, lines[i]).substr(3)) == "summary") summary = i;
  }
  if (!summary) return bad("no `## Summary` heading", 0);
  size_t first_row = *summary + 1;
  while (first_row < lines.size() && content(text, lines[first_row]).substr(0, 1) != "|") {
    if (is_heading(content(text, lines[first_row]))) break;
    ++first_row;
  }
  if (first_row + 1 >= lines.size() || content(text, lines[first_row]).substr(0, 1) != "|") {
    return bad("the `## Summary` section has no `| Model | Architecture | Coverage |` table", *summary + 1);
  }
  size_t last_row = first_row;
  while (last_row + 1 < lines.size() && content(text, lines[last_row + 1]).substr(0, 1) == "|") ++last_row;
  std::optional<size_t> row;
  for (size_t i = first_row + 2; i <= last_row; ++i) {
    std::string_view l = content(text, lines[i]).substr(1);
    const size_t bar = l.find('|');
    if (bar != std::string_view::npos && key(trim(l.substr(0, bar))) == want) row = i;
  }

  // This model's section: its heading, up to the `---` that closes it (or the next heading).
  std::optional<size_t> heading;
  size_t last_heading = *summary;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string_view l = content(text, lines[i]);
    if (!is_heading(l) || i == *summary) continue;
    last_heading = i;
    if (key(l.substr(3)) == want && !heading) heading = i;
  }
  if ((row || heading) && !replace) {
    return bad("the model \"" + model.display_name + "\" is already listed; use --replace", (heading ? *heading : *row) + 1);
  }

  // A replaced section and row keep the names the file gives the model (curated, like models.ts names).
  CoverageModel in_section = model, in_row = model;
  if (heading) in_section.display_name = std::string(trim(content(text, lines[*heading]).substr(3)));
  if (row) {
    const std::string_view l = content(text, lines[*row]).substr(1);
    in_row.display_name = std::string(trim(l.substr(0, l.find('|'))));
  }
  const std::string section = emit_coverage_section(in_section, nl);
  const std::string summary_row = emit_coverage_summary_row(in_row);
  // Edits as (begin, end, text), applied back to front: the section always lies after the Summary.
  struct Edit {
    size_t begin, end;
    std::string text;
  };
  std::vector<Edit> edits;
  if (row) {
    edits.push_back({lines[*row].begin, lines[*row].end, summary_row});
  } else {
    const size_t at = lines[last_row].next;
    const bool has_break = lines[last_row].next > lines[last_row].end;
    edits.push_back({at, at, (has_break ? "" : nl) + summary_row + (has_break ? nl : "")});
  }
  if (heading) {
    size_t stop = lines.size();
    for (size_t i = *heading + 1; i < lines.size(); ++i) {
      const std::string_view l = content(text, lines[i]);
      if (is_separator(l) || is_heading(l)) {
        stop = i;
        break;
      }
    }
    const size_t end = stop < lines.size() ? lines[stop].begin : text.size();
    const bool separator = stop < lines.size() && is_separator(content(text, lines[stop]));
    edits.push_back({lines[*heading].begin, end, section + (separator || stop < lines.size() ? nl : "")});
  } else {
    std::optional<size_t> closing;
    for (size_t i = lines.size(); i-- > last_heading;) {
      if (is_separator(content(text, lines[i]))) {
        closing = i;
        break;
      }
    }
    if (closing && *closing > last_row) {
      edits.push_back({lines[*closing].begin, lines[*closing].begin, "---" + nl + nl + section + nl});
    } else {
      const bool ends_with_break = !text.empty() && (text.back() == '\n' || text.back() == '\r');
      edits.push_back({text.size(), text.size(), (ends_with_break ? "" : nl) + nl + "---" + nl + nl + section});
    }
  }
  std::string out(text);
  for (size_t i = edits.size(); i-- > 0;) out.replace(edits[i].begin, edits[i].end - edits[i].begin, edits[i].text);
  return CoverageUpdate{std::move(out), row || heading ? "replaced" : "inserted"};
}

}  // namespace hfmi
