// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/workspace.h"
#include "release/plan.h"
#include "release/steps/commandstep.h"
#include "release/steps/verifystep.h"

#include <memory>

// Builds promote and rollback plans: reads the registry and git (no writes), works out from →
// to, and lists the steps the target environment configures — registry retag, git branch /
// tag / push (or, for a protected environment with `pull_request:`, a pull request opened and
// merged through the forge), deploy commands host after host, verification. Refusals that are about safety
// rather than input (a branch that cannot be fast-forwarded, a remote that moved, a protected
// branch that would need a pull request) carry Error::code == RefusedCode.
namespace rd::release {

class DeploymentStateStore;

inline constexpr int RefusedCode = 3;

struct PromoteRequest
{
    QString artifact;
    QString environment;        // where to
    QString fromEnvironment;    // empty: the previous environment in promotion order
    QString version;            // empty: what fromEnvironment runs
};

struct RollbackRequest
{
    QString artifact;
    QString environment;
    QString version;            // empty: the previous version there
};

struct PlanningContext
{
    const config::Workspace *workspace = nullptr;
    HostResolver hosts;                         // where deploy commands run
    DeploymentStateStore *states = nullptr;     // optional: known-good versions
    QStringList historyVersions;                // optional: from the audit log, newest first
};

// A plan plus what the engine needs after running it.
struct PlannedRelease
{
    Plan plan;
    QString fromEnvironment;                    // promote: where the version was taken from; empty otherwise
    QString toDigest;
    QString fromDigest;                         // empty when nothing ran there
    QString commit;                             // of the version deployed; empty when unknown
    QStringList olderVersions;                  // known-good versions older than `from`, newest first
    std::shared_ptr<VerifyResult> verify;       // null when the environment has no health checks
    QStringList overrideReasons;                // set by ReleaseEngine::admit: policy rules overridden, for the audit
    // The plan only opens a pull request into a protected environment and leaves it for review
    // (pull_request: merge: false): when it succeeds the environment still runs `from`, and
    // the deployment state is pending, not deployed.
    bool awaitsReview = false;
};

[[nodiscard]] Result<PlannedRelease> planPromotion(const PlanningContext &context, const PromoteRequest &request);
[[nodiscard]] Result<PlannedRelease> planRollback(const PlanningContext &context, const RollbackRequest &request);

// The versions `environment` could roll back to, newest first, without `current`: the audit
// history, then the deployment state's known-good list, then the environment's git tags, then
// the registry's version tags older than `current`.
[[nodiscard]] Result<QStringList> rollbackCandidates(const PlanningContext &context, const QString &artifact,
                                                     const QString &environment, const QString &current);

} // namespace rd::release
