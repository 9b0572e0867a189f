// SPDX-License-Identifier: GPL-3.0-or-later
#include "release/releaseengine.h"

#include "registry/registrybackend.h"
#include "registry/versiontag.h"
#include "release/auditlog.h"
#include "release/policy.h"
#include "release/promotionlock.h"
#include "release/promotionnotice.h"

#include <QDir>
#include <QElapsedTimer>

using namespace Qt::StringLiterals;

namespace rd::release {

QString ReleaseOutcome::resultName() const
{
    switch (result) {
    case Result::Succeeded: return u"succeeded"_s;
    case Result::Failed: return u"failed"_s;
    case Result::Refused: return u"refused"_s;
    }
    return {};
}

ReleaseEngine::ReleaseEngine(config::Workspace workspace)
    : ReleaseEngine(std::move(workspace), Options())
{
}

ReleaseEngine::ReleaseEngine(config::Workspace workspace, Options options)
    : m_workspace(std::move(workspace))
    , m_options(std::move(options))
{
    if (!m_options.hosts)
        m_options.hosts = defaultHostResolver(m_workspace);
    if (!m_options.states)
        m_options.states = std::make_shared<FileDeploymentStateStore>(FileDeploymentStateStore::defaultPath(m_workspace.directory()));
    if (m_options.lockDirectory.isEmpty())
        m_options.lockDirectory = PromotionLock::defaultDirectory(m_workspace);
}

QString ReleaseEngine::auditFile() const
{
    return m_options.auditFile.isEmpty() ? AuditLog::defaultPath(m_workspace) : m_options.auditFile;
}

ReleaseEngine::~ReleaseEngine() = default;

namespace {

// "step 2 (Run the deploy command on here) failed: exit code 1"
QString failedStepSentence(const Plan &plan, const PlanOutcome &outcome)
{
    if (outcome.result == PlanOutcome::Result::Cancelled)
        return u"It was cancelled"_s;
    if (outcome.failedStep < 0 || outcome.failedStep >= plan.steps.size())
        return u"It failed"_s;
    const int step = outcome.failedStep;
    QString error = outcome.steps.value(step).error.simplified();
    if (error.size() > 240)
        error = error.left(240) + u'…';
    QString text = u"Step %1 (%2) failed"_s.arg(step + 1).arg(plan.steps.at(step)->description());
    if (!error.isEmpty())
        text += u": "_s + error;
    return text;
}

} // namespace

PlanningContext ReleaseEngine::context(const QString &artifact, const QString &environment) const
{
    PlanningContext c;
    c.workspace = &m_workspace;
    c.hosts = m_options.hosts;
    c.states = m_options.states.get();
    // Rollback targets come first from the audit history. An audit log that cannot be read
    // only costs that ordering: the state file, git tags and the registry still name targets.
    if (auto log = AuditLog::open(auditFile())) {
        if (auto versions = log->previousVersions(artifact, environment))
            c.historyVersions = *versions;
    }
    return c;
}

Result<PlannedRelease> ReleaseEngine::planPromotion(const PromoteRequest &request) const
{
    return release::planPromotion(context(request.artifact, request.environment), request);
}

Result<PlannedRelease> ReleaseEngine::planRollback(const RollbackRequest &request) const
{
    return release::planRollback(context(request.artifact, request.environment), request);
}

namespace {

// What the policy is asked about a planned release, as of now.
PolicyRequest policyRequest(const PlannedRelease &planned)
{
    const Plan &plan = planned.plan;
    PolicyRequest request;
    request.action = plan.action;
    request.artifact = plan.artifact;
    request.fromEnvironment = planned.fromEnvironment;
    request.environment = plan.environment;
    request.fromVersion = plan.from;
    request.toVersion = plan.to;
    request.now = QDateTime::currentDateTimeUtc();
    return request;
}

} // namespace

Result<void> ReleaseEngine::admit(PlannedRelease &planned, const Admission &admission) const
{
    const Plan &plan = planned.plan;
    PolicyRequest request = policyRequest(planned);
    request.confirmation = admission.confirmation;
    request.overrideReason = admission.overrideReason;
    // Without its audit log a change would be unrecorded: refuse to start rather than run blind.
    auto log = AuditLog::open(auditFile());
    if (!log)
        return std::unexpected(log.error());
    auto facts = gatherPolicyFacts(*log, m_options.lockDirectory, request);
    if (!facts)
        return std::unexpected(facts.error());
    const PolicyVerdict verdict = checkPolicy(m_workspace, request, *facts);
    if (!verdict.allowed()) {
        (void)log->recordRefusal(m_workspace, plan, Actor::current(m_workspace.directory()), verdict.refusals,
                                 verdict.overrides);
        return std::unexpected(Error{Error::Domain::Release, verdict.refusals.join(u' '), {}, RefusedCode});
    }
    planned.plan.warnings.append(verdict.warnings);
    planned.overrideReasons = verdict.overrides;
    return {};
}

void ReleaseEngine::record(const Plan &plan, DeploymentPhase phase, const QString &version, const QString &previous,
                           const QString &message)
{
    if (!m_options.states)
        return;
    // The state file is a convenience for the matrix; a write failure must not fail the release.
    (void)m_options.states->update(plan.artifact, plan.environment, phase, version, previous, message);
}

QStringList ReleaseEngine::environmentStates(const QString &artifactName) const
{
    QStringList states;
    const config::Artifact *artifact = m_workspace.artifact(artifactName);
    const config::Registry *registry = artifact ? m_workspace.registry(artifact->registry) : nullptr;
    if (!registry)
        return states;
    auto backend = registry::openRegistry(*registry, m_workspace);
    if (!backend)
        return {QString(u"registry unreadable: "_s + backend.error().message)};
    auto tags = (*backend)->tags(artifact->image);
    if (!tags)
        return {QString(u"registry unreadable: "_s + tags.error().message)};
    QStringList versionTags;
    for (const QString &t : std::as_const(*tags)) {
        if (registry::isVersionTag(t, artifact->versions))
            versionTags.append(t);
    }
    const QList<Result<QString>> versionDigests = (*backend)->resolveTags(artifact->image, versionTags);
    for (const config::Environment &env : m_workspace.environments) {
        QString text = env.name + u": "_s;
        if (!tags->contains(env.tag)) {
            text += u"nothing"_s;
        } else if (auto digest = (*backend)->resolveTag(artifact->image, env.tag); !digest) {
            text += u"unknown ("_s + digest.error().message + u')';
        } else {
            QStringList same;
            for (qsizetype i = 0; i < versionTags.size(); ++i) {
                if (versionDigests.at(i) && *versionDigests.at(i) == *digest)
                    same.append(versionTags.at(i));
            }
            const QString version = registry::newestVersion(same, artifact->versions);
            text += version.isEmpty() ? digest->left(19) + u'…' : version;
        }
        if (m_options.states) {
            if (auto state = m_options.states->state(artifactName, env.name); state && state->has_value())
                text += u" ("_s + toString((*state)->phase) + u')';
        }
        states.append(text);
    }
    return states;
}

ReleaseOutcome ReleaseEngine::execute(const PlannedRelease &planned, const EventHandler &onEvent, const std::atomic_bool *cancel)
{
    ReleaseOutcome result;
    const Plan &plan = planned.plan;
    // Before the first step nothing ran: the plan's own outcome must not read as succeeded.
    result.outcome.result = PlanOutcome::Result::Failed;
    result.outcome.steps.resize(plan.steps.size());

    QElapsedTimer clock;
    clock.start();

    // One admission at a time across processes: taking the promotion lock and checking the
    // rate and concurrency rules against the locks others hold is one atomic step, so two
    // instances that both passed admit() cannot both proceed.
    auto gate = PromotionLock::admissionGate(m_options.lockDirectory);
    if (!gate) {
        result.message = u"not run: "_s + gate.error().message;
        result.outcome.message = result.message;
        return result;
    }
    // One change per artifact and environment at a time, across processes.
    auto lock = PromotionLock::acquire(m_options.lockDirectory,
                                       LockHolder::self(plan.action, plan.artifact, plan.environment, plan.from, plan.to));
    if (!lock) {
        result.result = lock.error().code == PromotionLock::HeldCode ? ReleaseOutcome::Result::Refused : ReleaseOutcome::Result::Failed;
        result.message = lock.error().message;
        result.outcome.message = result.message;
        // A refusal is part of the record too.
        if (auto refusalLog = AuditLog::open(auditFile()))
            (void)refusalLog->recordRefusal(m_workspace, plan, Actor::current(m_workspace.directory()), {result.message});
        return result;
    }
    if (auto refusal = recheckRates(planned); !refusal.isEmpty()) {
        result.result = ReleaseOutcome::Result::Refused;
        result.message = refusal;
        result.outcome.message = refusal;
        if (auto refusalLog = AuditLog::open(auditFile()))
            (void)refusalLog->recordRefusal(m_workspace, plan, Actor::current(m_workspace.directory()), {result.message});
        return result;
    }
    gate->release();
    // The audit log is opened on this (the running) thread, as Qt SQL requires.
    auto log = AuditLog::open(auditFile());
    if (!log) {
        result.message = u"not run: "_s + log.error().message;
        result.outcome.message = result.message;
        return result;
    }
    const Actor actor = Actor::current(m_workspace.directory());
    auto audited = [&](const Plan &p, const QStringList &overrides, const std::function<PlanOutcome()> &runIt) {
        auto id = log->begin(m_workspace, p, actor, overrides);
        if (!id) {
            // Nothing runs unrecorded.
            PlanOutcome notRun;
            notRun.result = PlanOutcome::Result::Failed;
            notRun.steps.resize(p.steps.size());
            notRun.message = u"%1: not run, because the audit log cannot be written: %2"_s.arg(p.summary(), id.error().message);
            return notRun;
        }
        const PlanOutcome ran = runIt();
        (void)log->finish(*id, p, ran);
        return ran;
    };

    auto relay = [&](const Plan &p) {
        return [&, p](const StepEvent &event) {
            if (event.kind == StepEvent::Kind::Started && event.step < p.steps.size()) {
                const QString kind = p.steps.at(event.step)->kind();
                if (kind == u"wait-healthy")
                    record(p, DeploymentPhase::Verifying, p.to, p.from);
            }
            if (onEvent)
                onEvent(p, event);
        };
    };

    record(plan, DeploymentPhase::Deploying, plan.to, plan.from);
    result.outcome = audited(plan, planned.overrideReasons, [&] { return runPlan(plan, relay(plan), cancel); });
    const PlanOutcome &outcome = result.outcome;
    const bool verifyFailed = outcome.failedStep >= 0 && plan.steps.at(outcome.failedStep)->kind() == u"wait-healthy";

    if (outcome.succeeded()) {
        if (planned.verify && planned.verify->ran && !planned.verify->healthy) {
            result.result = ReleaseOutcome::Result::Failed;
            result.message = u"%1: deployed, but %2 is not healthy (%3); automatic rollback is off, so %4 stays."_s.arg(
                plan.summary(), plan.environment, planned.verify->reason, plan.to);
            result.summary = u"Deployed, but %1 is not healthy (%2); automatic rollback is off, so it stays."_s.arg(
                plan.environment, planned.verify->reason);
            record(plan, DeploymentPhase::Failed, plan.to, plan.from, result.message);
        } else if (planned.awaitsReview) {
            // A pull request waits for review: nothing runs there yet, and the state says so.
            result.result = ReleaseOutcome::Result::Succeeded;
            result.message = outcome.message;
            result.summary = u"A pull request for %1 %2 is open and waits for review; %3 runs %4 until it is merged."_s.arg(
                plan.artifact, plan.to, plan.environment, plan.from.isEmpty() ? u"nothing"_s : plan.from);
            record(plan, DeploymentPhase::Pending, plan.to, plan.from, outcome.message);
        } else {
            result.result = ReleaseOutcome::Result::Succeeded;
            result.message = outcome.message;
            result.summary = u"%1 runs %2 and is verified."_s.arg(plan.environment, plan.to);
            if (!planned.verify)
                result.summary = u"%1 runs %2 (it has no health checks to verify it)."_s.arg(plan.environment, plan.to);
            record(plan, DeploymentPhase::Deployed, plan.to, plan.from);
        }
    } else if (outcome.result != PlanOutcome::Result::UndoFailed) {
        result.result = ReleaseOutcome::Result::Failed;
        result.message = verifyFailed ? u"%1: verification failed, and it was rolled back automatically: %2"_s.arg(plan.summary(), outcome.message)
                                      : outcome.message;
        result.autoRolledBack = verifyFailed;
        result.summary = verifyFailed
            ? u"Verification failed, so it was rolled back automatically; %1 runs %2 again."_s.arg(
                  plan.environment, plan.from.isEmpty() ? u"nothing"_s : plan.from)
            : u"%1; what it changed was taken back, so %2 still runs %3."_s.arg(
                  failedStepSentence(plan, outcome), plan.environment, plan.from.isEmpty() ? u"nothing"_s : plan.from);
        if (verifyFailed)
            record(plan, DeploymentPhase::RolledBack, plan.from, plan.to, result.message);
        else
            record(plan, DeploymentPhase::Failed, plan.to, plan.from, result.message);
    } else {
        result.result = ReleaseOutcome::Result::Failed;
        result.message = outcome.message;
        result.summary = u"%1, and taking back what it changed failed too."_s.arg(failedStepSentence(plan, outcome));
        record(plan, DeploymentPhase::Failed, plan.to, plan.from, result.message);
        // Taking back failed: the environment may run neither version. With automatic rollback
        // on, try the next older known-good version once, then stop and report.
        bool redeployFailed = false;
        for (qsizetype i = 0; i < outcome.steps.size(); ++i) {
            const QString kind = plan.steps.at(i)->kind();
            if (outcome.steps.at(i).outcome == StepRecord::Outcome::UndoFailed && (kind == u"ssh" || kind == u"local"))
                redeployFailed = true;
        }
        QStringList older = planned.olderVersions;
        older.removeAll(plan.to);
        older.removeAll(plan.from);
        if (redeployFailed && m_workspace.policy.autoRollback && !older.isEmpty()) {
            const QString target = older.first();
            auto recovery = planRollback(RollbackRequest{plan.artifact, plan.environment, target});
            if (!recovery) {
                result.message += u" Rolling back to the older %1 could not be planned: %2"_s.arg(target, recovery.error().message);
            } else {
                recovery->plan.action = u"rollback"_s;
                recovery->plan.warnings.append(u"Automatic: the rollback of a failed promotion could not redeploy %1."_s.arg(plan.from));
                const PlanOutcome recovered = audited(recovery->plan, {}, [&] { return runPlan(recovery->plan, relay(recovery->plan), nullptr); });
                result.recoveries.append(*recovery);
                result.recoveryOutcomes.append(recovered);
                if (recovered.succeeded()) {
                    result.message += u" Rolled back to the older known-good %1 instead."_s.arg(target);
                    result.summary += u" Rolled back automatically to the older known-good %1 instead."_s.arg(target);
                    result.autoRolledBack = true;
                    record(recovery->plan, DeploymentPhase::Deployed, target, plan.from);
                    record(plan, DeploymentPhase::RolledBack, target, plan.to, result.message);
                } else {
                    result.message += u" Rolling back to the older %1 failed too (%2); stopped."_s.arg(target, recovered.message);
                    result.summary += u" Rolling back to the older %1 failed too; stopped."_s.arg(target);
                }
            }
        }
    }
    result.environmentStates = environmentStates(plan.artifact);
    if (!result.succeeded())
        result.message += u" Now: "_s + result.environmentStates.join(u"; "_s) + u'.';
    if (!result.environmentStates.isEmpty())
        result.summary += u" Now: "_s + result.environmentStates.join(u"; "_s) + u'.';
    result.elapsed = std::chrono::milliseconds(clock.elapsed());
    // Released before the notice goes out: a slow webhook must not hold up the next promotion.
    lock->release();
    if (m_options.notify)
        result.notificationWarnings = sendNotice(planned, result);
    return result;
}

QString ReleaseEngine::recheckRates(const PlannedRelease &planned) const
{
    const PolicyRequest request = policyRequest(planned);
    auto log = AuditLog::open(auditFile());
    if (!log)
        return {}; // execute() refuses to run without it right after
    auto facts = gatherPolicyFacts(*log, m_options.lockDirectory, request);
    if (!facts)
        return u"not run: "_s + facts.error().message;
    const PolicyVerdict verdict = checkRates(m_workspace, request, *facts);
    return verdict.refusals.join(u' ');
}

QStringList ReleaseEngine::sendNotice(const PlannedRelease &planned, const ReleaseOutcome &outcome) const
{
    QStringList warnings;
    if (m_workspace.notifications.isEmpty() || outcome.result == ReleaseOutcome::Result::Refused)
        return warnings;
    const QList<notify::Delivery> deliveries = notify::sendAndWait(m_workspace.notifications, promotionNotice(m_workspace, planned, outcome));
    for (const notify::Delivery &delivery : deliveries) {
        if (!delivery.error.isEmpty())
            warnings.append(delivery.error);
    }
    return warnings;
}

} // namespace rd::release
