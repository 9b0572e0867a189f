// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "release/plan.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace rd::ui {

// One promotion or rollback as the history panel shows it: the fields of `history --json`
// (DESIGN.md), plus the outcome sentence. The history panel's own value type, so it does not
// depend on how the audit log stores records; historyRecordFromPlan() makes one from a plan
// that ran in this window.
struct HistoryRecord
{
    qint64 id = 0;
    QDateTime time;            // UTC, when the plan finished
    QString user;
    QString action;            // "promote", "rollback", …
    QString artifact;
    QString environment;
    QString from;
    QString to;
    QString result;            // "succeeded", "failed", "undo-failed", "cancelled", "refused"
    QString message;           // one sentence
    qint64 elapsedMs = 0;
};

// The operating-system user running this process ("" when unknown).
QString currentUser();

HistoryRecord historyRecordFromPlan(const release::Plan &plan, const release::PlanOutcome &outcome, const QDateTime &finished);

} // namespace rd::ui
