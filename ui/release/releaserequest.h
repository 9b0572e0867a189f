// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/workspace.h"
#include "release/plan.h"
#include "util/error.h"

#include <QString>
#include <atomic>
#include <functional>
#include <memory>

namespace rd::ui {

// What a person asked for from the matrix: promote a version into an environment, or roll an
// environment back. The GUI never decides what that means in steps — a Planner does.
struct ReleaseRequest
{
    enum class Action { Promote, Rollback };
    Action action = Action::Promote;
    QString artifact;
    QString environment;       // the environment that changes
    QString fromEnvironment;   // promote: where the version comes from (the one before, usually)
    QString version;           // the version to run; empty: the planner's default (previous / source's)

    QString actionName() const { return action == Action::Promote ? QStringLiteral("promote") : QStringLiteral("rollback"); }
};

// Runs a confirmed plan on a worker thread: `confirmation` is what the person typed (protected
// environments), events of the plan go to `onEvent` (step indices into the plan; events of
// recovery plans the engine runs afterwards come with `mainPlan` false).
using PlanEventHandler = std::function<void(const release::StepEvent &event, bool mainPlan)>;
using PlanRunner = std::function<release::PlanOutcome(const QString &confirmation, const PlanEventHandler &onEvent,
                                                      const std::atomic_bool *cancel)>;

// A plan ready to be shown, and how to run it once confirmed. Without a runner the plan runs
// with release::runPlan.
struct PreparedRelease
{
    release::Plan plan;
    PlanRunner run;
    bool audited = false;      // the runner records the plan in the audit log itself
    // Non-empty when policy refuses the plan only because of a freeze window: the refusal
    // ("prod is frozen until … (reason); …"). The confirmation then asks for a reason to
    // override it, written into `overrideReason` before the runner runs; the engine audits it.
    QString freeze{};
    std::shared_ptr<QString> overrideReason = std::make_shared<QString>();
};

// Builds the plan for a request without side effects; called on a worker thread (it may read
// the registry, git and the audit log). An error is one sentence, e.g. a policy refusal.
using Planner = std::function<Result<PreparedRelease>(const config::Workspace &workspace, const ReleaseRequest &request)>;

} // namespace rd::ui
