// dsocore — the columnar ledger: one loaded data directory.
//
// Tables are structs of columns (dense row ids, interned strings, int64 minor units,
// int32 day numbers). Rows are in file order, so the directory is written back as read.
// A Ledger is immutable after load and safe to read from many threads.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "dsocore/core/currency.hpp"
#include "dsocore/core/date.hpp"
#include "dsocore/ledger/column.hpp"
#include "dsocore/ledger/derived.hpp"
#include "dsocore/ledger/fx.hpp"
#include "dsocore/ledger/key_index.hpp"
#include "dsocore/ledger/settings.hpp"
#include "dsocore/ledger/strings.hpp"

DSOCORE_BEGIN_NAMESPACE

/// Day number used for an absent date in a date column.
inline constexpr std::int32_t kNoDate = INT32_MIN;
/// Row index used for "none" in a reference column.
inline constexpr std::uint32_t kNoRow = 0xffffffffu;
inline constexpr int kCustomFields = 12;

enum class ItemType : std::uint8_t { invoice, credit_note, debit_note, payment, adjustment };
const char* to_string(ItemType t) noexcept;
std::optional<ItemType> parse_item_type(std::string_view s) noexcept;

enum class StatusCategory : std::uint8_t { none, promise, dispute, litigation, ignored, info };
const char* to_string(StatusCategory c) noexcept;
std::optional<StatusCategory> parse_status_category(std::string_view s) noexcept;

/// Which columns a file had (for writing it back in the same form).
using ColumnSet = std::vector<std::string>;

struct CustomerTable {
    std::size_t size() const noexcept { return customer_id.size(); }
    LedgerColumn<StrId> entity, customer_id, name, group_code, legal_id, parent_id, payment_center_code,
        customer_type, country, language, rating, insurer, scenario_code, collector, sales_rep, email, phone,
        address;
    LedgerColumn<Currency> currency;              ///< account currency (default applied)
    LedgerColumn<std::int32_t> payment_terms_days; ///< default 30 applied
    LedgerColumn<Currency> credit_limit_currency; ///< default applied
    LedgerColumn<std::int64_t> credit_limit;      ///< minor units of credit_limit_currency
    LedgerColumn<std::uint8_t> has_credit_limit;
    LedgerColumn<std::int64_t> insured_amount;    ///< minor units of the account currency
    LedgerColumn<std::uint8_t> has_insured_amount;
    LedgerColumn<std::int32_t> insurance_max_extension_days; ///< -1 when absent
    LedgerColumn<std::int64_t> temporary_insured_amount;     ///< 0 when absent
    LedgerColumn<std::uint8_t> has_temporary_insured;
    LedgerColumn<std::int32_t> temporary_insured_from, temporary_insured_to; ///< kNoDate when absent
    std::array<LedgerColumn<StrId>, kCustomFields> custom; ///< empty vector: column absent
    /// Resolved references.
    LedgerColumn<std::uint32_t> payer;    ///< row of the payment center, or the row itself
    LedgerColumn<std::uint32_t> scenario; ///< index into Scenarios::list
    /// Given-or-defaulted flags for canonical write-back (bit per defaultable column).
    LedgerColumn<std::uint8_t> given;
    enum Given : std::uint8_t { g_language = 1, g_currency = 2, g_terms = 4, g_limit_currency = 8, g_scenario = 16, g_entity = 32 };
    LineColumn line;
    ColumnSet columns;

    StrId custom_field(int k, std::size_t row) const noexcept {
        const auto& c = custom[static_cast<std::size_t>(k)];
        return c.empty() ? 0 : c[row];
    }
};

struct ItemTable {
    std::size_t size() const noexcept { return item_id.size(); }
    LedgerColumn<StrId> entity, item_id;
    LedgerColumn<std::uint32_t> customer; ///< row in CustomerTable
    LedgerColumn<ItemType> type;
    LedgerColumn<std::int32_t> issue_date, due_date; ///< day numbers (default due applied)
    CurrencyColumn currency;                        ///< default applied
    LedgerColumn<std::int64_t> amount, open_amount;  ///< minor units of the item currency
    // The status columns and the comment are empty on most items: sparse columns (read
    // like the others, an absent row gives 0 / kNoDate; docs/decisions.md).
    SparseColumn<StrId> status;                      ///< raw text, e.g. "dispute:price"
    LedgerColumn<StatusCategory> status_category;   ///< dense: the scans' filter (1 byte)
    SparseColumn<StrId> status_subtype;
    SparseColumn<std::int32_t, kNoDate> status_date, promise_date; ///< kNoDate when absent
    SparseColumn<StrId> comment;
    std::array<LedgerColumn<StrId>, kCustomFields> custom;
    LedgerColumn<std::uint8_t> given;
    enum Given : std::uint8_t { g_due = 1, g_currency = 2, g_open = 4, g_type = 8, g_entity = 16 };
    LineColumn line;
    ColumnSet columns;

    StrId custom_field(int k, std::size_t row) const noexcept {
        const auto& c = custom[static_cast<std::size_t>(k)];
        return c.empty() ? 0 : c[row];
    }
};

/// Allocations in file order, plus a per-item index sorted by date for scans.
struct AllocationTable {
    std::size_t size() const noexcept { return item.size(); }
    LedgerColumn<std::uint32_t> item; ///< row in ItemTable
    LedgerColumn<std::int32_t> date;
    LedgerColumn<std::int64_t> amount; ///< minor units of the item currency
    LedgerColumn<std::uint8_t> entity_given;
    LineColumn line;
    ColumnSet columns;
    /// By item: allocations of item i are [offset[i], offset[i+1]) in by_item_*,
    /// ascending by date. When the file lists allocations item by item in date order
    /// (the usual export), by_item_date/by_item_amount view date/amount (no copy).
    LedgerColumn<std::uint32_t> offset;
    LedgerColumn<std::int32_t> by_item_date;
    LedgerColumn<std::int64_t> by_item_amount;
};

struct DisputeTable {
    std::size_t size() const noexcept { return dispute_id.size(); }
    LedgerColumn<StrId> entity, dispute_id, type, resolver, comment, item_ids_raw;
    LedgerColumn<std::uint32_t> customer;
    LedgerColumn<std::int32_t> opened_date, closed_date; ///< closed kNoDate = open
    /// Item rows of dispute r: items(r), stored flat (CSR): item_rows[item_offset[r] …
    /// item_offset[r + 1]).
    LedgerColumn<std::uint32_t> item_offset{0}, item_rows;
    std::span<const std::uint32_t> items(std::size_t r) const noexcept {
        return {item_rows.data() + item_offset[r], item_offset[r + 1] - item_offset[r]};
    }
    LedgerColumn<std::uint8_t> entity_given;
    LineColumn line;
    ColumnSet columns;
};

enum class Channel : std::uint8_t { email, sms, letter, call, task };
const char* to_string(Channel c) noexcept;
std::optional<Channel> parse_channel(std::string_view s) noexcept;

struct ActionTable {
    std::size_t size() const noexcept { return action_id.size(); }
    LedgerColumn<StrId> entity, action_id, scenario, step, user, outcome, comment, item_ids_raw;
    LedgerColumn<std::uint32_t> customer;
    LedgerColumn<std::int32_t> date;
    LedgerColumn<Channel> channel;
    /// Item rows of action r: items(r), stored flat like DisputeTable's.
    LedgerColumn<std::uint32_t> item_offset{0}, item_rows;
    std::span<const std::uint32_t> items(std::size_t r) const noexcept {
        return {item_rows.data() + item_offset[r], item_offset[r + 1] - item_offset[r]};
    }
    LedgerColumn<std::uint8_t> entity_given;
    LineColumn line;
    ColumnSet columns;
};

/// Load options. The limits bound what a hostile or broken file can make the loader
/// allocate; exceeding one is a data error naming the file (docs/robustness.md).
struct LoadOptions {
    /// Diagnostics kept per file before "more errors not shown".
    std::size_t max_errors_per_file = 100;
    /// Largest file accepted (bytes); checked before reading it. Default 1 GiB.
    std::size_t max_file_bytes = std::size_t{1} << 30;
    /// Largest single CSV field or template file (bytes). Default 1 MiB.
    std::size_t max_field_bytes = std::size_t{1} << 20;
    /// Most data rows in one CSV file (header excluded). Default 10,000,000.
    std::size_t max_rows_per_file = 10'000'000;
    /// Deepest nesting of arrays/objects in company.json and scenarios.json. Default 64.
    std::size_t max_json_depth = 64;
    /// Read and check message templates (the data directory's and the built-in ones).
    /// Reports do not need them; validate, agenda and render do.
    bool templates = false;
    /// Directory of the built-in templates (empty: $DSOCORE_TEMPLATES, else the installed default).
    std::filesystem::path builtin_templates;
    /// items.csv and allocations.csv are parsed in line-aligned chunks of about this many
    /// bytes on all cores (0: chosen from the file size, 1–16 MiB). The result does not
    /// depend on it; tests set it small to put chunk boundaries everywhere.
    std::size_t parse_chunk_bytes = 0;
};

/// In-memory content of a data directory (file name → bytes); lets callers that hold
/// tables in memory (Python DataFrames) go through the same validation as files.
using DataSources = std::map<std::string, std::string>;

class Ledger {
public:
    /// Loads and validates a data directory. All-or-nothing: throws DataError listing
    /// every problem (file, line, column, value, what was expected), Error(io) when a
    /// required file cannot be read. A path to a snapshot file (*.dsoc, see
    /// save_snapshot) is opened with open_snapshot instead.
    static Ledger load(const std::filesystem::path& dir, const LoadOptions& options = {});
    /// Opens a snapshot written by save_snapshot: the loaded columns as they were, read
    /// through mmap (no CSV parsing, no validation to redo). Throws Error(data) naming the
    /// file when it is not a dsocore snapshot, of another format version, truncated or
    /// corrupt (checksum mismatch); Error(io) when it cannot be read.
    static Ledger open_snapshot(const std::filesystem::path& file, const LoadOptions& options = {});
    /// True when `path` is a snapshot file (starts with the snapshot magic).
    static bool is_snapshot(const std::filesystem::path& path) noexcept;
    /// Same, from in-memory file contents ("customers.csv" → text …).
    static Ledger load_sources(const DataSources& sources, const LoadOptions& options = {});

    Ledger(Ledger&&) noexcept;
    Ledger& operator=(Ledger&&) noexcept;
    ~Ledger();

    const StringPool& strings() const noexcept { return strings_; }
    std::string_view str(StrId id) const noexcept { return strings_[id]; }
    const CustomerTable& customers() const noexcept { return customers_; }
    const ItemTable& items() const noexcept { return items_; }
    const AllocationTable& allocations() const noexcept { return allocations_; }
    bool has_allocations() const noexcept { return has_allocations_; }
    const FxTable& fx() const noexcept { return fx_; }
    const DisputeTable& disputes() const noexcept { return disputes_; }
    const ActionTable& actions() const noexcept { return actions_; }
    const Scenarios& scenarios() const noexcept { return scenarios_; }
    const CompanySettings& company() const noexcept { return company_; }
    const TemplateSet& templates() const noexcept { return templates_; }
    /// The directory it was loaded from (empty for load_sources).
    const std::filesystem::path& directory() const noexcept { return directory_; }

    /// Row of a customer by (entity, customer_id), kNoRow when absent.
    std::uint32_t find_customer(std::string_view entity, std::string_view customer_id) const noexcept;
    /// Row of an item by (entity, item_id), kNoRow when absent.
    std::uint32_t find_item(std::string_view entity, std::string_view item_id) const noexcept;

    /// bal_D(i): amount − allocations dated ≤ D (open_amount without allocations.csv);
    /// the caller checks issue_date ≤ D.
    std::int64_t balance_at(std::uint32_t item, std::int32_t day) const noexcept {
        if (!has_allocations_) return items_.open_amount[item];
        std::int64_t b = items_.amount[item];
        const std::uint32_t e = allocations_.offset[item + 1];
        for (std::uint32_t k = allocations_.offset[item]; k < e && allocations_.by_item_date[k] <= day; ++k)
            b -= allocations_.by_item_amount[k];
        return b;
    }

    /// Latest date found in the data (items, allocations, actions): the demo's as-of.
    Date latest_date() const noexcept;

    /// Writes the loaded ledger as a versioned, checksummed binary snapshot (atomically).
    void save_snapshot(const std::filesystem::path& file) const;

    /// Writes every file back in canonical form (byte-identical to a canonical input).
    void save(const std::filesystem::path& dir) const;
    /// Canonical text of one CSV file of the directory ("items.csv" …).
    std::string csv_text(std::string_view file) const;

    /// Sets an item's status (`category[:subtype]`, e.g. `ignored`) and status_date,
    /// adding those columns to items.csv when it had none (other fields are kept).
    /// The one mutation of a loaded ledger (the
    /// collection engine marks items ignored, then writes items.csv with csv_text).
    /// Throws Error(invalid_argument) for a bad status. Not thread-safe.
    void set_item_status(std::uint32_t item, std::string_view status, Date status_date);

    /// Figures derived once from the immutable columns and shared by every caller (the
    /// report engine's customer orders); see dsocore/ledger/derived.hpp.
    const DerivedCache& derived() const noexcept { return derived_; }

private:
    Ledger();
    friend class LedgerLoader;
    friend class SnapshotAccess;
    StringPool strings_;
    CustomerTable customers_;
    ItemTable items_;
    AllocationTable allocations_;
    bool has_allocations_ = false;
    FxTable fx_;
    DisputeTable disputes_;
    ActionTable actions_;
    Scenarios scenarios_;
    CompanySettings company_;
    TemplateSet templates_;
    KeyIndex customer_index_; ///< pair_key(entity, id) → row
    ItemIndex item_index_;    ///< (entity, item_id) → row
    std::filesystem::path directory_;
    /// Keeps alive what viewed columns point into (a snapshot's mapping); null after a CSV load.
    std::shared_ptr<const void> mapping_;
    std::vector<std::string> present_files_;
    std::vector<std::pair<std::string, std::string>> raw_json_; ///< file → text, written back as read
    DataSources template_sources_; ///< "templates/<file>" → text of the directory's own templates
    DerivedCache derived_;
};

DSOCORE_END_NAMESPACE
