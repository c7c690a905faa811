// dsocore — late-payment interest and recovery indemnity of one invoice, used by
// #LATE_PENALTIES and #RECOVERY_COSTS.
//
// There is one computation, shared with the penalties report: ItemPenalty,
// item_penalty() and PenaltyRule live in dsocore/reports/penalties.hpp. This header
// is kept so that collection code includes what it uses from its own folder.
#pragma once

#include "dsocore/reports/penalties.hpp"
