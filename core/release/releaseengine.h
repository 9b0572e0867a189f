// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/workspace.h"
#include "release/deploymentstate.h"
#include "release/plan.h"
#include "release/releaseplanner.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>

// Promote and rollback from start to end: plan (no side effects), admit (policy, protected
// confirmation, the per-artifact/environment lock), run with events, record the deployment
// state, and — when verification fails and automatic rollback cannot redeploy the previous
// version — try the next older known-good version once, then stop. The outcome's message
// says what every environment of the artifact runs afterwards. The CLI and the GUI both
// drive changes through this class; policy and audit are wired in here, in one place.
namespace rd::release {

struct Admission
{
    QString confirmation;      // the environment name typed by the person (protected environments)
    QString overrideReason;    // typed to override a freeze window; audited
};

struct ReleaseOutcome
{
    enum class Result { Succeeded, Failed, Refused };
    Result result = Result::Failed;
    QString message;                    // one paragraph: what happened and where things are now
    PlanOutcome outcome;                // of the plan that was asked for
    QList<PlannedRelease> recoveries;   // rollbacks to older versions tried after a failed undo
    QList<PlanOutcome> recoveryOutcomes;
    QStringList environmentStates;      // "qa: v1.5.1 (deployed)", one per environment
    QString summary;                    // one sentence for a notice: what happened, where things are now
    bool autoRolledBack = false;        // verification failed and the previous version was redeployed
    std::chrono::milliseconds elapsed{0};
    QStringList notificationWarnings;   // a notice that could not be delivered; never changes `result`

    bool succeeded() const { return result == Result::Succeeded; }
    QString resultName() const;         // "succeeded" | "failed" | "refused"
};

class ReleaseEngine
{
public:
    struct Options
    {
        HostResolver hosts;                          // default: defaultHostResolver(workspace)
        std::shared_ptr<DeploymentStateStore> states; // default: the workspace's file
        QString lockDirectory;                       // default: PromotionLock::defaultDirectory(workspace)
        QString auditFile;                           // default: AuditLog::defaultPath(workspace)
        // Send the promotion notice (core/release/promotionnotice.h) to the workspace's
        // notification targets when a plan has finished or failed (not when refused).
        bool notify = true;
    };
    explicit ReleaseEngine(config::Workspace workspace);
    ReleaseEngine(config::Workspace workspace, Options options);
    ~ReleaseEngine();

    const config::Workspace &workspace() const { return m_workspace; }

    [[nodiscard]] Result<PlannedRelease> planPromotion(const PromoteRequest &request) const;
    [[nodiscard]] Result<PlannedRelease> planRollback(const RollbackRequest &request) const;

    // Whether the plan may run now (core/release/policy.h: order, protected confirmation,
    // freeze windows, rate limits). Refusals carry Error::code == RefusedCode and are audited;
    // policy warnings are added to the plan and overrides remembered for its audit record.
    [[nodiscard]] Result<void> admit(PlannedRelease &planned, const Admission &admission) const;

    using EventHandler = std::function<void(const Plan &plan, const StepEvent &event)>;
    // Runs an admitted plan on the calling (worker) thread. Before the first step, with the
    // promotion lock and the workspace's admission gate held, the rate and concurrency rules
    // are checked again (checkRates): two processes that passed admit() at the same moment
    // cannot both run past max_concurrent_deploys; the later one is refused (RefusedCode
    // semantics: Result::Refused, audited). Afterwards the notice goes out (Options::notify),
    // and waits for the targets' answers (bounded): call it on a thread that may wait.
    ReleaseOutcome execute(const PlannedRelease &planned, const EventHandler &onEvent, const std::atomic_bool *cancel = nullptr);

    // "dev: v1.5.2 (deployed) · qa: …": what every environment runs of `artifact` now.
    QStringList environmentStates(const QString &artifact) const;

private:
    PlanningContext context(const QString &artifact, const QString &environment) const;
    QString auditFile() const;
    // The refusal of checkRates() now, empty when allowed (the caller holds the lock and gate).
    QString recheckRates(const PlannedRelease &planned) const;
    // Posts the notice to the workspace's targets; what could not be delivered.
    QStringList sendNotice(const PlannedRelease &planned, const ReleaseOutcome &outcome) const;
    void record(const Plan &plan, DeploymentPhase phase, const QString &version, const QString &previous, const QString &message = {});

    config::Workspace m_workspace;
    Options m_options;
};

// Runs `local:` steps on this machine in the workspace folder and `ssh:` steps on the
// workspace's hosts (one HostPool shared by every step of the engine).
HostResolver defaultHostResolver(const config::Workspace &workspace);

} // namespace rd::release
