// dsocore — risk.json: the credit scale, the scoring grid, the credit-limit tool and
// the approval levels (risk.md "risk.json"; reference in docs/risk.md).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dsocore/core/date.hpp"
#include "dsocore/core/decimal.hpp"
#include "dsocore/risk/roles.hpp"

DSOCORE_BEGIN_NAMESPACE

/// One entry of the scale: the grade given to a score ≥ min_score (first in order wins).
struct GradeRule {
    std::string grade;
    Decimal min_score;
};

/// A value range of a numeric criterion: matches value ≤ max; no max catches the rest.
struct Band {
    std::optional<Decimal> max;
    Decimal points;
};

/// How a criterion reads its field.
enum class CriterionKind : std::uint8_t {
    figure,        ///< a computed figure (outstanding, dso, …): bands
    number_field,  ///< a numeric customer field (payment_terms_days): bands
    text_as_number,///< a text customer field read as a decimal (custom_N score): bands
    text_field,    ///< a text customer field: values map + default
};

struct Criterion {
    std::string field;
    Decimal weight;
    CriterionKind kind = CriterionKind::figure;
    std::vector<Band> bands;                               ///< figure / number / text_as_number
    std::vector<std::pair<std::string, Decimal>> values;   ///< text_field, in file order
    std::optional<Decimal> default_points;                 ///< text_field
};

struct LimitToolConfig {
    int sales_window_months = 12;
    Decimal round_to = Decimal(1000);
    bool cap_to_insured = false;
    std::vector<std::pair<std::string, Decimal>> factor; ///< grade → factor
    /// The factor of a grade; nullopt when the grade has none.
    std::optional<Decimal> factor_of(std::string_view grade) const;
};

/// One approval level: requests whose new limit is ≤ up_to stop here (null = no ceiling).
struct ApprovalLevel {
    std::optional<Decimal> up_to;
    Role role = Role::credit_manager;
};

struct RiskConfig {
    std::vector<GradeRule> scale;
    std::vector<Criterion> criteria;
    Decimal missing_points;
    std::optional<LimitToolConfig> limit_tool;
    std::vector<ApprovalLevel> approval_levels;

    /// The grade of an exact score: the first scale entry with score ≥ min_score, or
    /// nullptr when the score is below every entry.
    const GradeRule* grade_of(const Decimal& score) const noexcept;
    /// The levels a new limit needs, in order (0-based indices into approval_levels):
    /// every level whose up_to is below `amount`, then the first whose up_to ≥ amount
    /// (null = no ceiling). Throws Error(invalid_argument) when no level covers it.
    std::vector<std::size_t> levels_for(const Decimal& amount) const;

    /// Parses the text of risk.json. Throws DataError naming the file and the key path
    /// (`criteria[1].bands[0].max`) and what was expected; unknown keys are errors.
    static RiskConfig parse(std::string_view json_text, std::string_view file = "risk.json");
    /// Reads `<dir>/risk.json`; Error(not_found) when the file is missing.
    static RiskConfig load(const std::filesystem::path& data_dir);

    /// Throws Error(data) naming risk.json when a section a feature needs is missing.
    void require_grid() const;
    void require_limit_tool() const;
    void require_approval_levels() const;
};

/// The figures a criterion may name (risk.md): outstanding, overdue, overdue_pct, dso,
/// avg_days_late, utilisation_pct, seniority_days.
const std::vector<std::string_view>& notation_figures();

DSOCORE_END_NAMESPACE
