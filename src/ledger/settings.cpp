#include "dsocore/ledger/settings.hpp"

#include <array>

#include "dsocore/ledger/ledger.hpp"

DSOCORE_BEGIN_NAMESPACE

const char* to_string(StepMode m) noexcept {
    switch (m) {
    case StepMode::automatic: return "auto";
    case StepMode::confirm: return "confirm";
    case StepMode::manual: return "manual";
    }
    return "";
}

const char* to_string(Anchor a) noexcept {
    switch (a) {
    case Anchor::due_date: return "due_date";
    case Anchor::last_action: return "last_action";
    case Anchor::leader: return "leader";
    }
    return "";
}

std::size_t Scenarios::find(std::string_view id) const noexcept {
    for (std::size_t i = 0; i < list.size(); ++i)
        if (list[i].id == id) return i;
    return npos;
}

Scenarios Scenarios::builtin() {
    Scenario s;
    s.id = "standard";
    s.name = "Standard";
    s.min_gap_days = 3;
    s.old_item_days = 180;
    s.anchor = Anchor::due_date;
    s.min_amount = Decimal(0);
    s.steps = {{"pre", -5, Channel::email, StepMode::automatic, "pre_due"},
               {"r1", 5, Channel::email, StepMode::automatic, "reminder1"},
               {"r2", 20, Channel::sms, StepMode::confirm, "reminder2"},
               {"call", 30, Channel::call, StepMode::manual, ""},
               {"fn", 45, Channel::letter, StepMode::confirm, "final_notice"}};
    Scenarios out;
    out.list.push_back(std::move(s));
    return out;
}

std::vector<PayerProfile> CompanySettings::default_payer_profiles() {
    return {{"punctual", Decimal(0)}, {"slightly_late", Decimal(15)}, {"late", Decimal(45)}, {"very_late", std::nullopt}};
}

const Template* TemplateSet::find(std::string_view name, std::string_view language) const noexcept {
    // Fallback chain: the tag, then the tag with its last subtag removed …, then en.
    std::string lang(language);
    for (;;) {
        for (const Template& t : list)
            if (t.name == name && t.language == lang) return &t;
        if (lang == "en") return nullptr;
        const auto dash = lang.rfind('-');
        lang = dash == std::string::npos ? std::string("en") : lang.substr(0, dash);
    }
}

bool is_known_tag(std::string_view tag) noexcept {
    static constexpr std::array<std::string_view, 15> fixed = {
        "CUSTOMER_NAME", "CUSTOMER_ID",    "COMPANY_NAME",  "COMPANY_ADDRESS", "IBAN",           "BIC",
        "TOTAL_DUE",     "TOTAL_OVERDUE",  "ACTION_AMOUNT", "OLDEST_DUE_DATE", "ITEMS_TABLE",    "LATE_PENALTIES",
        "RECOVERY_COSTS", "COLLECTOR",     "TODAY"};
    for (auto f : fixed)
        if (f == tag) return true;
    if (tag.size() >= 8 && tag.substr(0, 7) == "CUSTOM_") {
        const auto n = tag.substr(7);
        if (n.size() == 1 && n[0] >= '1' && n[0] <= '9') return true;
        if (n == "10" || n == "11" || n == "12") return true;
    }
    return false;
}

DSOCORE_END_NAMESPACE
