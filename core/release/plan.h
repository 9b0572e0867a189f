// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "util/error.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>

// Every change ReleaseDeck makes — promote, rollback, cleanup, backup, restore, restart — is
// first built as a Plan: an ordered list of Steps, each with a sentence for a person and an
// action for the machine. Building a plan has no side effects; it is shown (GUI dialog, CLI
// --dry-run) and then run by PlanRunner, which reports events and, when a step fails, undoes
// the steps that already changed something, in reverse order.
namespace rd::release {

// What a running step may use: where its output goes and whether it should stop.
struct StepContext
{
    std::function<void(const QString &line)> output;   // one line at a time; never null when run
    const std::atomic_bool *cancel = nullptr;          // set when the user asked to cancel

    bool cancelled() const { return cancel && cancel->load(); }
};

class Step
{
public:
    virtual ~Step() = default;

    // A short stable identifier for JSON and the audit log: "registry-retag", "ssh",
    // "git-push", "wait-healthy", "backup-delete", …
    virtual QString kind() const = 0;
    // What the step will do, in one sentence a release manager reads at a glance:
    // "Point registry tag api:prod at v1.4.2 (sha256:3f2a…), which now points at v1.4.1."
    virtual QString description() const = 0;

    // Does the work. Blocks; runs on a worker thread. An error says what failed and leaves
    // the step either fully done or not done at all wherever the outside world allows.
    [[nodiscard]] virtual Result<void> run(StepContext &context) = 0;

    // Whether a failed plan can take this step back after it succeeded, and how.
    virtual bool canUndo() const { return false; }
    virtual QString undoDescription() const { return {}; }
    [[nodiscard]] virtual Result<void> undo(StepContext &context);

    // Whether the plan may stop before this step when the user cancels: true for most;
    // false for a step that must follow the one before it (e.g. a push after a local move).
    virtual bool isSafeCancelPoint() const { return true; }

    // Whether running the step changes anything outside ReleaseDeck. A step that only reads
    // or waits (verification) returns false, so a failed plan does not call it "stayed done".
    virtual bool changesSomething() const { return true; }

    // After the whole plan succeeded: what a person must still know about this step's result
    // (e.g. "pull request #12 opened, waiting for review"), added to the plan's message so it
    // does not simply say "done". Empty for most steps.
    virtual QString resultNote() const { return {}; }
};

struct Plan
{
    QString action;            // "promote", "rollback", "cleanup", "backup", "restore", "restart", …
    QString artifact;          // empty for actions not about one artifact
    QString environment;
    QString from;              // the version the environment runs now, empty when none
    QString to;                // the version it will run, empty when not about versions
    QStringList warnings;      // policy and safety notes shown before confirming
    QList<std::shared_ptr<Step>> steps;

    // "Promote api v1.4.2 to prod (now v1.4.1)", for titles, notifications and the audit log.
    QString summary() const;
};

struct StepEvent
{
    enum class Kind { Started, Output, Finished, Failed, UndoStarted, Undone, UndoFailed, Skipped };
    Kind kind = Kind::Started;
    int step = 0;              // index into Plan::steps
    QString text;              // the output line, or the error sentence for Failed/UndoFailed
    QDateTime time;            // UTC
};

struct StepRecord
{
    enum class Outcome { NotRun, Succeeded, Failed, Undone, UndoFailed, Skipped };
    Outcome outcome = Outcome::NotRun;
    QString error;             // for Failed / UndoFailed
    QStringList output;        // every line the step (and its undo) printed, bounded
    std::chrono::milliseconds elapsed{0};
};

struct PlanOutcome
{
    // Succeeded: every step ran. Failed: a step failed and every earlier step that changed
    // something was undone (or had nothing to undo) — the world is as it was. UndoFailed: a
    // step failed and an undo failed too — `message` says exactly what is left where.
    // Cancelled: the user stopped it at a safe point and what ran was undone.
    enum class Result { Succeeded, Failed, UndoFailed, Cancelled };
    Result result = Result::Succeeded;
    int failedStep = -1;
    QString message;           // one sentence: what happened and the state things are in now
    QList<StepRecord> steps;   // one per plan step
    std::chrono::milliseconds elapsed{0};

    bool succeeded() const { return result == Result::Succeeded; }
};

QString toString(StepRecord::Outcome outcome);
QString toString(PlanOutcome::Result result);   // "succeeded", "failed", "undo-failed", "cancelled"

// Runs a plan's steps in order on the calling (worker) thread, reporting every event.
// `onEvent` is called on that thread.
[[nodiscard]] PlanOutcome runPlan(const Plan &plan, const std::function<void(const StepEvent &)> &onEvent,
                                  const std::atomic_bool *cancel = nullptr);

} // namespace rd::release
