// SPDX-License-Identifier: GPL-3.0-or-later
#include "release/plan.h"

#include <QElapsedTimer>

using namespace Qt::StringLiterals;

namespace rd::release {

namespace {

// A step printing megabytes must not grow the audit record without bound: keep the first
// and the last lines, and say how many were left out.
constexpr qsizetype keptHead = 200;
constexpr qsizetype keptTail = 800;

void keepLine(StepRecord &record, qsizetype &dropped, const QString &line)
{
    if (record.output.size() < keptHead + keptTail) {
        record.output.append(line);
        return;
    }
    record.output.removeAt(keptHead);
    record.output.append(line);
    ++dropped;
}

// Called once per record when the plan is over: a step's run and its undo share one record,
// so the marker goes in only at the end (put in earlier, the undo's lines would push it out
// and the count would lose the run's lines).
void noteDropped(StepRecord &record, qsizetype dropped)
{
    if (dropped > 0)
        record.output.insert(keptHead, u"… %1 lines left out …"_s.arg(dropped));
}

QDateTime now() { return QDateTime::currentDateTimeUtc(); }

} // namespace

Result<void> Step::undo(StepContext &)
{
    return fail(Error::Domain::Release, u"'%1' cannot be undone"_s.arg(description()));
}

QString Plan::summary() const
{
    QString text = action.isEmpty() ? u"Change"_s : action.at(0).toUpper() + action.mid(1);
    if (!artifact.isEmpty())
        text += u' ' + artifact;
    if (!to.isEmpty())
        text += u' ' + to;
    if (!environment.isEmpty())
        text += (to.isEmpty() ? u" in "_s : u" to "_s) + environment;
    if (!from.isEmpty() && !to.isEmpty())
        text += u" (now "_s + from + u')';
    return text;
}

QString toString(StepRecord::Outcome outcome)
{
    switch (outcome) {
    case StepRecord::Outcome::NotRun: return u"not-run"_s;
    case StepRecord::Outcome::Succeeded: return u"succeeded"_s;
    case StepRecord::Outcome::Failed: return u"failed"_s;
    case StepRecord::Outcome::Undone: return u"undone"_s;
    case StepRecord::Outcome::UndoFailed: return u"undo-failed"_s;
    case StepRecord::Outcome::Skipped: return u"skipped"_s;
    }
    return {};
}

QString toString(PlanOutcome::Result result)
{
    switch (result) {
    case PlanOutcome::Result::Succeeded: return u"succeeded"_s;
    case PlanOutcome::Result::Failed: return u"failed"_s;
    case PlanOutcome::Result::UndoFailed: return u"undo-failed"_s;
    case PlanOutcome::Result::Cancelled: return u"cancelled"_s;
    }
    return {};
}

PlanOutcome runPlan(const Plan &plan, const std::function<void(const StepEvent &)> &onEvent,
                    const std::atomic_bool *cancel)
{
    PlanOutcome outcome;
    outcome.steps.resize(plan.steps.size());
    QElapsedTimer total;
    total.start();
    auto emitEvent = [&](StepEvent::Kind kind, int step, const QString &text = {}) {
        if (onEvent)
            onEvent(StepEvent{kind, step, text, now()});
    };

    QList<qsizetype> dropped(plan.steps.size(), 0);   // lines left out of each record
    auto finish = [&] {
        for (qsizetype i = 0; i < outcome.steps.size(); ++i)
            noteDropped(outcome.steps[i], dropped.at(i));
        outcome.elapsed = std::chrono::milliseconds(total.elapsed());
    };

    int done = 0;   // steps that succeeded, in order
    QString failure;
    bool cancelled = false;
    for (; done < plan.steps.size(); ++done) {
        Step &step = *plan.steps.at(done);
        StepRecord &record = outcome.steps[done];
        if (cancel && cancel->load() && step.isSafeCancelPoint()) {
            cancelled = true;
            break;
        }
        StepContext context{[&](const QString &line) {
                                keepLine(record, dropped[done], line);
                                emitEvent(StepEvent::Kind::Output, done, line);
                            },
                            cancel};
        emitEvent(StepEvent::Kind::Started, done, step.description());
        QElapsedTimer timer;
        timer.start();
        const Result<void> ran = step.run(context);
        record.elapsed = std::chrono::milliseconds(timer.elapsed());
        if (!ran) {
            record.outcome = StepRecord::Outcome::Failed;
            record.error = ran.error().message;
            failure = ran.error().message;
            outcome.failedStep = done;
            emitEvent(StepEvent::Kind::Failed, done, failure);
            break;
        }
        record.outcome = StepRecord::Outcome::Succeeded;
        emitEvent(StepEvent::Kind::Finished, done);
    }

    if (done == plan.steps.size() && !cancelled && outcome.failedStep < 0) {
        outcome.result = PlanOutcome::Result::Succeeded;
        QStringList notes;
        for (const auto &step : plan.steps) {
            if (const QString note = step->resultNote(); !note.isEmpty())
                notes.append(note);
        }
        outcome.message = notes.isEmpty() ? QString(plan.summary() + u": done."_s) : QString(plan.summary() + u": "_s + notes.join(u"; "_s) + u'.');
        finish();
        return outcome;
    }

    // Take back what already changed, newest first. An undo runs even when the user asked to
    // cancel: stopping halfway through the way back would leave the state we promised to avoid.
    QStringList leftOver;
    QStringList irreversible;
    for (int i = done - 1; i >= 0; --i) {
        Step &step = *plan.steps.at(i);
        StepRecord &record = outcome.steps[i];
        if (!step.canUndo()) {
            if (step.changesSomething())
                irreversible.prepend(u"step %1"_s.arg(i + 1));
            continue;
        }
        StepContext context{[&](const QString &line) {
                                keepLine(record, dropped[i], line);
                                emitEvent(StepEvent::Kind::Output, i, line);
                            },
                            nullptr};
        emitEvent(StepEvent::Kind::UndoStarted, i, step.undoDescription());
        const Result<void> undone = step.undo(context);
        if (undone) {
            record.outcome = StepRecord::Outcome::Undone;
            emitEvent(StepEvent::Kind::Undone, i);
        } else {
            record.outcome = StepRecord::Outcome::UndoFailed;
            record.error = undone.error().message;
            leftOver.append(u"step %1 (%2) is still in effect: %3"_s.arg(i + 1).arg(step.description(), undone.error().message));
            emitEvent(StepEvent::Kind::UndoFailed, i, undone.error().message);
        }
    }
    for (int i = done + (cancelled ? 0 : 1); i < plan.steps.size(); ++i)
        outcome.steps[i].outcome = StepRecord::Outcome::NotRun;

    // Steps that only read or wait have nothing to take back; those that changed something
    // without an undo are named, so the message never claims more than is true.
    const QString stayDone = irreversible.isEmpty() ? QString()
        : u" (%1 had no way back and stayed done)"_s.arg(irreversible.join(u", "_s));
    if (!leftOver.isEmpty()) {
        outcome.result = PlanOutcome::Result::UndoFailed;
        outcome.message = (cancelled ? u"%1: cancelled, and taking back what ran failed: "_s.arg(plan.summary())
                                     : u"%1: step %2 failed (%3), and taking back what ran failed: "_s.arg(plan.summary())
                                           .arg(outcome.failedStep + 1).arg(failure))
            + leftOver.join(u"; "_s) + u'.';
    } else if (cancelled) {
        outcome.result = PlanOutcome::Result::Cancelled;
        outcome.message = u"%1: cancelled before step %2; what ran was taken back%3."_s.arg(plan.summary()).arg(done + 1).arg(stayDone);
    } else {
        outcome.result = PlanOutcome::Result::Failed;
        outcome.message = u"%1: step %2 failed (%3); what ran before it was taken back%4."_s.arg(plan.summary())
                              .arg(outcome.failedStep + 1).arg(failure, stayDone);
    }
    finish();
    return outcome;
}

} // namespace rd::release
