// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "config/workspace.h"
#include "release/plan.h"

#include <chrono>
#include <memory>

// Branch promotion into a protected environment: instead of pushing the environment branch,
// push a promotion branch at the promoted commit, open a pull request (GitHub) or merge
// request (GitLab) from it into the environment branch, and — when the workspace says
// `merge: true` — merge it once the forge says it can be merged; a GitOps controller then
// deploys what the environment branch points at. The three steps share one PullRequestChange:
// the number the open step gets is what the merge step merges.
namespace rd::release {

struct PullRequestChange
{
    config::PullRequest settings;
    QString environment;
    QString repositoryPath;
    QString repositoryName;    // for sentences
    QString remote;            // "origin"
    QString branch;            // the promotion branch, e.g. releasedeck/prod/api-v1.6.0
    QString base;              // the environment branch it goes into
    QString baseOld;           // where the remote's environment branch was when planned
    QString target;            // the promoted commit
    QString title;
    QString body;
    bool branchOnRemote = false;   // an earlier run already pushed the branch at `target`

    // Filled in while running.
    bool pushed = false;       // this run created the branch on the remote
    int number = 0;
    QString url;
    QString reference;         // "#12" / "!12"
    bool created = false;      // this run opened the request (false: an open one was reused)
    bool merged = false;
    QString mergeCommit;
};

// The name "pull request" or "merge request" for sentences.
QString requestTerm(const config::PullRequest &settings);

class PromotionBranchPushStep final : public Step
{
public:
    explicit PromotionBranchPushStep(std::shared_ptr<PullRequestChange> change) : m_change(std::move(change)) {}
    QString kind() const override { return QStringLiteral("git-push-branch"); }
    QString description() const override;
    [[nodiscard]] Result<void> run(StepContext &context) override;
    bool canUndo() const override { return !m_change->branchOnRemote; }
    QString undoDescription() const override;
    [[nodiscard]] Result<void> undo(StepContext &context) override;

private:
    std::shared_ptr<PullRequestChange> m_change;
};

class PullRequestOpenStep final : public Step
{
public:
    explicit PullRequestOpenStep(std::shared_ptr<PullRequestChange> change) : m_change(std::move(change)) {}
    QString kind() const override { return QStringLiteral("pull-request"); }
    QString description() const override;
    [[nodiscard]] Result<void> run(StepContext &context) override;
    bool canUndo() const override { return true; }
    QString undoDescription() const override;
    [[nodiscard]] Result<void> undo(StepContext &context) override;
    // The request is how the pushed branch is meant to be used: open it right after the push.
    bool isSafeCancelPoint() const override { return false; }
    // With merge: false the promotion ends here, waiting for review: the plan's result says so.
    QString resultNote() const override;

private:
    std::shared_ptr<PullRequestChange> m_change;
};

class PullRequestMergeStep final : public Step
{
public:
    explicit PullRequestMergeStep(std::shared_ptr<PullRequestChange> change) : m_change(std::move(change)) {}
    QString kind() const override { return QStringLiteral("pull-request-merge"); }
    QString description() const override;
    [[nodiscard]] Result<void> run(StepContext &context) override;
    // Once merged, the environment branch on the remote has moved and a GitOps controller may
    // already deploy it: ReleaseDeck cannot take that back (a rollback is the way back).
    bool canUndo() const override { return false; }

    // How long the step waits for the forge to decide whether the request can be merged
    // (GitHub works it out in the background after opening). Changeable by tests.
    static inline int mergeableChecks = 10;
    static inline std::chrono::milliseconds mergeableInterval{2000};

private:
    std::shared_ptr<PullRequestChange> m_change;
};

} // namespace rd::release
