// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "release/plan.h"

#include <memory>

// Branch promotion (GitOps): move the environment branch to the promoted commit, leave an
// environment tag, push both — each a compare-and-swap against what the plan saw, so a branch
// that moved meanwhile (here or on the remote) refuses the step instead of being overwritten.
// The three steps share one GitChange: a merge commit made at run time is what the push sends.
namespace rd::release {

struct GitChange
{
    QString repositoryPath;
    QString repositoryName;    // for sentences

    QString branch;            // empty: the environment has no branch
    QString oldTip;            // where it is now (empty: does not exist)
    QString target;            // the promoted version's commit
    bool merge = false;        // create a merge commit of target into oldTip instead of moving
    QString newTip;            // set when the branch step ran (target, or the merge commit)

    QString tag;               // empty: no tag
    QString tagObject;         // set when the tag step ran

    QString remote;            // empty: nothing is pushed
    QString remoteBranchOld;   // the remote's branch when planned (empty: absent there)
};

class GitBranchStep final : public Step
{
public:
    explicit GitBranchStep(std::shared_ptr<GitChange> change) : m_change(std::move(change)) {}
    QString kind() const override { return QStringLiteral("git-branch"); }
    QString description() const override;
    [[nodiscard]] Result<void> run(StepContext &context) override;
    bool canUndo() const override { return true; }
    QString undoDescription() const override;
    [[nodiscard]] Result<void> undo(StepContext &context) override;

private:
    std::shared_ptr<GitChange> m_change;
};

class GitTagStep final : public Step
{
public:
    explicit GitTagStep(std::shared_ptr<GitChange> change) : m_change(std::move(change)) {}
    QString kind() const override { return QStringLiteral("git-tag"); }
    QString description() const override;
    [[nodiscard]] Result<void> run(StepContext &context) override;
    bool canUndo() const override { return true; }
    QString undoDescription() const override;
    [[nodiscard]] Result<void> undo(StepContext &context) override;
    // The push must follow the local changes it publishes.
    bool isSafeCancelPoint() const override { return false; }

private:
    std::shared_ptr<GitChange> m_change;
};

class GitPushStep final : public Step
{
public:
    explicit GitPushStep(std::shared_ptr<GitChange> change) : m_change(std::move(change)) {}
    QString kind() const override { return QStringLiteral("git-push"); }
    QString description() const override;
    [[nodiscard]] Result<void> run(StepContext &context) override;
    bool canUndo() const override { return true; }
    QString undoDescription() const override;
    [[nodiscard]] Result<void> undo(StepContext &context) override;
    bool isSafeCancelPoint() const override { return false; }

private:
    std::shared_ptr<GitChange> m_change;
};

} // namespace rd::release
