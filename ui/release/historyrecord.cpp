// SPDX-License-Identifier: GPL-3.0-or-later
#include "historyrecord.h"

#include <QtGlobal>

using namespace Qt::StringLiterals;

namespace rd::ui {

QString currentUser()
{
    const QString user = qEnvironmentVariable("USER");
    return user.isEmpty() ? qEnvironmentVariable("USERNAME") : user;
}

HistoryRecord historyRecordFromPlan(const release::Plan &plan, const release::PlanOutcome &outcome, const QDateTime &finished)
{
    HistoryRecord record;
    record.time = finished.toUTC();
    record.user = currentUser();
    record.action = plan.action;
    record.artifact = plan.artifact;
    record.environment = plan.environment;
    record.from = plan.from;
    record.to = plan.to;
    record.result = release::toString(outcome.result);
    record.message = outcome.message;
    record.elapsedMs = outcome.elapsed.count();
    return record;
}

} // namespace rd::ui
