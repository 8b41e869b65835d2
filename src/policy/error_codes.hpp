// The error codes every layer reports (C++ core, TypeScript library, CLI, page), with the CLI's exit code
// for each. One row per code; js/core/generated/error_codes.ts is generated from this table.
#pragma once
#include <cstddef>

#include "policy/table_checks.hpp"

namespace hfmi {

enum class ErrorCode {
  kUsage,
  kBadToken,
  kNotFound,
  kGated,
  kBadConfig,
  kBadHeader,
  kBadIndex,
  kTooLarge,
  kNetwork,
  kTimeout,
  kBadResponse,
  kBadModelsTs,
  kBadCatalog,
  kCatalogSchema,
  kIo,
  kLocked,
  kAborted,
  kInternal,
  kCount,
};

struct ErrorCodeRow {
  ErrorCode id;
  const char* name;     // stable text, e.g. "E_BAD_CONFIG"
  int exit_code;        // the CLI's process exit code
  const char* meaning;  // what the user should do (README table, CLI --help)
};

inline constexpr ErrorCodeRow kErrorCodes[] = {
    {ErrorCode::kUsage, "E_USAGE", 2, "bad command-line argument or option (the line names it)"},
    {ErrorCode::kBadToken, "E_BAD_TOKEN", 2, "the access token has control characters or non-ASCII (it is never shown): paste it again"},
    {ErrorCode::kNotFound, "E_NOT_FOUND", 3, "the repo, revision or file does not exist: check the id"},
    {ErrorCode::kGated, "E_GATED", 4, "gated repo: request access on the Hub and set HF_TOKEN (or --token)"},
    {ErrorCode::kBadConfig, "E_BAD_CONFIG", 5, "malformed config.json, with the JSON path of the bad field"},
    {ErrorCode::kBadHeader, "E_BAD_HEADER", 5, "malformed safetensors header, with the JSON path of the bad field"},
    {ErrorCode::kBadIndex, "E_BAD_INDEX", 5, "malformed shard index or an unsafe shard name"},
    {ErrorCode::kTooLarge, "E_TOO_LARGE", 10, "an input is over a limit of the limits table (the line names the limit)"},
    {ErrorCode::kNetwork, "E_NETWORK", 6, "the network failed after bounded retries"},
    {ErrorCode::kTimeout, "E_TIMEOUT", 6, "a request timed out after bounded retries"},
    {ErrorCode::kBadResponse, "E_BAD_RESPONSE", 6, "the server's answer was malformed or short, after bounded retries"},
    {ErrorCode::kBadModelsTs, "E_BAD_MODELS_TS", 7, "the models.ts could not be updated safely (nothing was written)"},
    {ErrorCode::kBadCatalog, "E_BAD_CATALOG", 7, "the models.json catalogue could not be updated safely (nothing was written)"},
    {ErrorCode::kCatalogSchema, "E_CATALOG_SCHEMA", 7, "the catalogue entry breaks the catalogue's schema or validator rules (the line names the field and the limit; --force writes anyway)"},
    {ErrorCode::kIo, "E_IO", 8, "a file-system operation failed (the line names the path, the OS error and a hint)"},
    {ErrorCode::kLocked, "E_LOCKED", 9, "another run holds the lock on the file being updated: retry when it is done"},
    {ErrorCode::kAborted, "E_ABORTED", 130, "the caller aborted the import (AbortSignal, Ctrl-C, the page's Cancel)"},
    {ErrorCode::kInternal, "E_INTERNAL", 1, "a bug: please report it"},
};
static_assert(sizeof(kErrorCodes) / sizeof(kErrorCodes[0]) == static_cast<size_t>(ErrorCode::kCount) && rows_follow_enum(kErrorCodes),
              "kErrorCodes needs one row per ErrorCode, in enum order");

constexpr const char* error_code_name(ErrorCode c) { return kErrorCodes[static_cast<size_t>(c)].name; }

}  // namespace hfmi
