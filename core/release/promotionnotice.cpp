// SPDX-License-Identifier: GPL-3.0-or-later
#include "release/promotionnotice.h"

#include "config/workspace.h"
#include "release/releaseengine.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace rd::release {

namespace {

QJsonValue nullable(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

} // namespace

QString durationText(std::chrono::milliseconds duration)
{
    const qint64 ms = std::max<qint64>(0, duration.count());
    if (ms < 1000)
        return u"%1 ms"_s.arg(ms);
    const qint64 s = (ms + 500) / 1000;
    if (s < 60)
        return u"%1 s"_s.arg(s);
    return u"%1 min %2 s"_s.arg(s / 60).arg(s % 60);
}

notify::NotificationMessage promotionNotice(const config::Workspace &workspace, const PlannedRelease &planned,
                                            const ReleaseOutcome &outcome)
{
    const Plan &plan = planned.plan;
    const bool rollback = plan.action == u"rollback";
    const QString was = plan.from.isEmpty() ? u"nothing"_s : plan.from;
    const QString took = durationText(outcome.elapsed);
    const QString summary = notify::withoutLinks(outcome.summary);

    QString text = workspace.name + u": "_s;
    if (outcome.succeeded()) {
        text += rollback ? u"%1 in %2 rolled back to %3 (was %4) in %5."_s.arg(plan.artifact, plan.environment, plan.to, was, took)
                         : u"%1 %2 promoted to %3 (was %4) in %5."_s.arg(plan.artifact, plan.to, plan.environment, was, took);
    } else {
        text += rollback ? u"rolling back %1 in %2 to %3 FAILED after %4."_s.arg(plan.artifact, plan.environment, plan.to, took)
                         : u"promoting %1 %2 to %3 FAILED after %4."_s.arg(plan.artifact, plan.to, plan.environment, took);
    }
    if (!summary.isEmpty())
        text += u' ' + summary;

    notify::NotificationMessage message;
    message.text = text;
    message.fields = {
        {u"event"_s, u"promotion"_s},
        {u"workspace"_s, workspace.name},
        {u"action"_s, plan.action},
        {u"result"_s, outcome.resultName()},
        {u"artifact"_s, plan.artifact},
        {u"environment"_s, plan.environment},
        {u"from_environment"_s, nullable(planned.fromEnvironment)},
        {u"from"_s, nullable(plan.from)},
        {u"to"_s, plan.to},
        {u"duration_ms"_s, qint64(outcome.elapsed.count())},
        {u"finished"_s, QDateTime::currentDateTimeUtc().toString(Qt::ISODate)},
        {u"auto_rollback"_s, outcome.autoRolledBack},
        {u"summary"_s, summary},
        {u"environments"_s, QJsonArray::fromStringList(notify::withoutLinks(outcome.environmentStates.join(u'\n')).split(u'\n', Qt::SkipEmptyParts))},
    };
    return message;
}

} // namespace rd::release
