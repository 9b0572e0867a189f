// SPDX-License-Identifier: GPL-3.0-or-later
#include "engineplanner.h"

#include "release/auditlog.h"
#include "release/policy.h"
#include "release/promotionlock.h"
#include "release/releaseengine.h"
#include "ssh/hostprompts.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace rd::ui {

namespace {

// What policy says before the person confirms: its warnings go into the dialog, and a refusal
// (order, freeze, rate limits, a deploy already running) stops here instead of after typing.
// The protected-environment confirmation is assumed given: the dialog asks for it, and the
// engine checks it again, for real, when the plan runs. A plan refused only by a freeze window
// is not refused here: `freeze` gets the refusal, and the dialog asks for a reason to override.
Result<void> previewPolicy(const config::Workspace &workspace, release::PlannedRelease &planned, QString &freeze)
{
    const release::Plan &plan = planned.plan;
    release::PolicyRequest request;
    request.action = plan.action;
    request.artifact = plan.artifact;
    request.fromEnvironment = planned.fromEnvironment;
    request.environment = plan.environment;
    request.fromVersion = plan.from;
    request.toVersion = plan.to;
    request.confirmation = plan.environment;
    request.now = QDateTime::currentDateTimeUtc();
    auto log = release::AuditLog::open(workspace);
    if (!log)
        return std::unexpected(log.error());
    auto facts = release::gatherPolicyFacts(*log, release::PromotionLock::defaultDirectory(workspace), request);
    if (!facts)
        return std::unexpected(facts.error());
    const release::PolicyVerdict verdict = release::checkPolicy(workspace, request, *facts);
    if (!verdict.allowed()) {
        // Would any typed reason let it through? Then the freeze is the only obstacle.
        release::PolicyRequest reasoned = request;
        reasoned.overrideReason = u"(a reason)"_s;
        if (!release::checkPolicy(workspace, reasoned, *facts).allowed())
            return std::unexpected(Error{Error::Domain::Release, verdict.refusals.join(u' '), {}, release::RefusedCode});
        freeze = verdict.refusals.join(u' ');
        return {};
    }
    planned.plan.warnings.append(verdict.warnings);
    return {};
}

} // namespace

Planner defaultPlanner()
{
    return [](const config::Workspace &workspace, const ReleaseRequest &request) -> Result<PreparedRelease> {
        // Deploy steps over SSH ask about unknown host keys and passphrases, as every GUI pool does.
        release::ReleaseEngine::Options options;
        options.hosts = interactiveHostResolver(workspace);
        auto engine = std::make_shared<release::ReleaseEngine>(workspace, options);
        auto planned = request.action == ReleaseRequest::Action::Promote
            ? engine->planPromotion(release::PromoteRequest{request.artifact, request.environment, request.fromEnvironment, request.version})
            : engine->planRollback(release::RollbackRequest{request.artifact, request.environment, request.version});
        if (!planned)
            return std::unexpected(planned.error());
        auto shared = std::make_shared<release::PlannedRelease>(std::move(*planned));
        PreparedRelease prepared;
        if (auto allowed = previewPolicy(workspace, *shared, prepared.freeze); !allowed)
            return std::unexpected(allowed.error());
        prepared.plan = shared->plan;
        prepared.audited = true;
        // The engine and the planned release travel with the runner: the plan that runs is the
        // one that was shown.
        prepared.run = [engine, shared, reason = prepared.overrideReason](const QString &confirmation, const PlanEventHandler &onEvent,
                                                                           const std::atomic_bool *cancel) -> release::PlanOutcome {
            release::PlanOutcome result;
            if (auto admitted = engine->admit(*shared, release::Admission{confirmation, reason ? *reason : QString()}); !admitted) {
                result.result = release::PlanOutcome::Result::Failed;
                result.message = admitted.error().message;
                result.steps.resize(shared->plan.steps.size());
                return result;
            }
            const QList<std::shared_ptr<release::Step>> mainSteps = shared->plan.steps;
            const release::ReleaseOutcome outcome = engine->execute(
                *shared, [&](const release::Plan &plan, const release::StepEvent &event) { onEvent(event, plan.steps == mainSteps); },
                cancel);
            result = outcome.outcome;
            if (!outcome.message.isEmpty())
                result.message = outcome.message;
            // The engine sent the notice to the workspace's targets; one that did not arrive is
            // said, without changing the outcome.
            for (const QString &warning : outcome.notificationWarnings)
                result.message += u" (Warning: "_s + warning + u')';
            return result;
        };
        return prepared;
    };
}

Result<QList<HistoryRecord>> loadAuditHistory(const config::Workspace &workspace, int limit)
{
    auto log = release::AuditLog::open(workspace);
    if (!log)
        return std::unexpected(log.error());
    release::AuditQuery query;
    query.limit = limit;
    auto records = log->records(query);
    if (!records)
        return std::unexpected(records.error());
    QList<HistoryRecord> rows;
    rows.reserve(records->size());
    for (const release::AuditRecord &record : *records) {
        HistoryRecord row;
        row.id = record.id;
        row.time = record.finished.isValid() ? record.finished : record.time;
        row.user = record.actor.display();
        row.action = record.action;
        row.artifact = record.artifact;
        row.environment = record.environment;
        row.from = record.from;
        row.to = record.to;
        row.result = record.result;
        row.message = record.message;
        if (!record.overrideReasons.isEmpty())
            row.message += u"\n"_s + QCoreApplication::translate("HistoryPanel", "Overridden: %1").arg(record.overrideReasons.join(u"; "_s));
        row.elapsedMs = record.elapsedMs;
        rows.append(row);
    }
    return rows;
}

} // namespace rd::ui
