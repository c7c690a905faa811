// dsocore — recording collection actions and marking items ignored.
//
// record_action() appends one done action to the data directory's actions.csv
// atomically (temporary file, fsync, rename, under an advisory lock so that two
// writers never lose a line) with a fresh action_id. An action of a scenario step
// moves its items to their next step; an action out of scenario (no step) moves no
// item but counts for temporization. mark_items_ignored() sets status `ignored`.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "dsocore/core/date.hpp"
#include "dsocore/ledger/ledger.hpp"

DSOCORE_BEGIN_NAMESPACE

struct ActionRequest {
    Date date;                        ///< the action's date (the CLI uses --as-of)
    std::string entity;               ///< empty: the only entity that has customer_id
    std::string customer_id;          ///< the payer dunned (agenda's customer_id)
    std::string step;                 ///< a scenario step; empty = action out of scenario
    std::string scenario;             ///< only to choose between two rows with the same step id
    std::optional<Channel> channel;   ///< default: the step's; out of scenario: task
    std::vector<std::string> item_ids; ///< default: the agenda row's items; out of scenario: may be empty
    std::string user, outcome, comment;
};

struct RecordedAction {
    std::string action_id;
    std::string entity, customer_id, scenario, step;
    Channel channel{};
    std::vector<std::string> item_ids; ///< bytewise order
    std::string line;                  ///< the CSV line appended (without LF)
};

/// Resolves `[ENTITY:]ID` to a customer row; throws Error(not_found) when absent and
/// Error(invalid_argument) when the id exists in several entities without ENTITY.
std::uint32_t resolve_customer(const Ledger& ledger, std::string_view entity, std::string_view customer_id);
/// Splits "FR01:C1" into ("FR01", "C1"); "C1" gives ("", "C1").
std::pair<std::string, std::string> split_customer_key(std::string_view key);

/// Builds the action for `request` against the agenda at request.date (a step must be
/// pending for that payer; chosen items must belong to its row) without writing.
RecordedAction prepare_action(const Ledger& ledger, const ActionRequest& request);

/// Appends the action to `dir`/actions.csv (default: the ledger's directory).
/// Throws Error(not_found) for an unknown customer, step or item, Error(invalid_argument)
/// for a step that is not pending or items that are not the payer's, Error(io).
RecordedAction record_action(const Ledger& ledger, const ActionRequest& request,
                             const std::filesystem::path& dir = {});

/// The next free action_id after the ones in `actions_csv` (the text of actions.csv):
/// the prefix and width of the last id with a numeric tail, number + 1 ("A0000042" →
/// "A0000043"); "A0000001" for an empty history.
std::string next_action_id(std::string_view actions_csv);

/// Sets status `ignored` (status_date = date) on the items and writes items.csv
/// atomically in canonical form. Returns how many items changed (already ignored ones
/// are left as they are). Throws Error(not_found) naming an unknown item.
std::size_t mark_items_ignored(Ledger& ledger, std::string_view entity, const std::vector<std::string>& item_ids,
                               Date date, const std::filesystem::path& dir = {});

/// `dsocore act --ignore`: checks that every item exists and is an item of the payer
/// (entity, customer_id) or of an account it pays for (Error(not_found) /
/// Error(invalid_argument) naming it, nothing written), then mark_items_ignored.
std::size_t ignore_payer_items(Ledger& ledger, std::string_view entity, std::string_view customer_id,
                               const std::vector<std::string>& item_ids, Date date,
                               const std::filesystem::path& dir = {});

DSOCORE_END_NAMESPACE
