// dsocore — the JSON settings of a data directory and its message templates.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dsocore/core/currency.hpp"
#include "dsocore/core/date.hpp"
#include "dsocore/core/decimal.hpp"
#include "dsocore/ledger/strings.hpp"

DSOCORE_BEGIN_NAMESPACE

enum class Channel : std::uint8_t;

enum class StepMode : std::uint8_t { automatic, confirm, manual };
const char* to_string(StepMode m) noexcept;

enum class Anchor : std::uint8_t { due_date, last_action, leader };
const char* to_string(Anchor a) noexcept;

struct ScenarioStep {
    std::string id;
    int offset_days = 0;
    Channel channel{};
    StepMode mode = StepMode::automatic;
    std::string template_name; ///< empty for call/task steps without a message
};

struct Scenario {
    std::string id;
    std::string name;
    int min_gap_days = 3;
    int old_item_days = 180;
    Anchor anchor = Anchor::due_date;
    Decimal min_amount;
    std::vector<ScenarioStep> steps;
};

struct Scenarios {
    std::vector<Scenario> list;
    std::size_t default_index = 0;
    bool from_file = false;
    /// Index of a scenario by id, or npos.
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);
    std::size_t find(std::string_view id) const noexcept;
    /// The built-in `standard` scenario of data-format.md.
    static Scenarios builtin();
};

/// A payer-profile threshold: profile name and upper bound on avg days late (none = ∞).
struct PayerProfile {
    std::string name;
    std::optional<Decimal> max_days_late;
};

struct PenaltySettings {
    std::string rule;                                          ///< FR, EU, DE, UK, custom ("" = none)
    std::vector<std::pair<Date, Decimal>> reference_rates;     ///< ascending
    Decimal rate;                                              ///< custom rule
    Decimal fee;                                               ///< custom rule
    std::optional<Currency> fee_currency;                      ///< custom rule
    int day_count = 365;                                       ///< 365 or 360
    bool follow = false;                                       ///< rate_mode follow
};

struct CompanySettings {
    std::string name, address, iban, bic, locale;
    Currency base_currency = Currency::of("EUR");
    std::vector<int> aging_buckets{30, 60, 90};
    std::vector<PayerProfile> payer_profiles;
    int fiscal_year_end_month = 12;
    PenaltySettings penalty;
    bool from_file = false;
    /// Default payer profiles of reports.md.
    static std::vector<PayerProfile> default_payer_profiles();
};

/// One message template: `templates/<name>.<language>.txt`.
struct Template {
    std::string name, language, path;
    std::string subject; ///< from a first line "Subject: …" (may be empty)
    std::string body;
    int body_first_line = 1; ///< file line of the body's first line
};

/// All templates known to a ledger: the data directory's, then the built-in ones.
struct TemplateSet {
    std::vector<Template> list;
    /// The template for a name and a language, following the fallback chain
    /// (pt-BR → pt → en); data-directory templates before built-in ones.
    const Template* find(std::string_view name, std::string_view language) const noexcept;
};

/// The tags a template may use (collection.md).
bool is_known_tag(std::string_view tag) noexcept;

DSOCORE_END_NAMESPACE
