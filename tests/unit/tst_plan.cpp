// SPDX-License-Identifier: GPL-3.0-or-later
// runPlan (core/release/plan.cpp): order of runs and undos, what the outcome says when an undo
// fails, cancellation only at safe points, bounded output. The steps are in-memory fakes on
// purpose: runPlan's contract is about order and bookkeeping, not about any peer.
#include "release/plan.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace rd;
using namespace rd::release;

namespace {

struct Journal
{
    QStringList entries;
};

class FakeStep final : public Step
{
public:
    FakeStep(QString name, Journal &journal) : m_name(std::move(name)), m_journal(journal) {}

    QString kind() const override { return u"fake"_s; }
    QString description() const override { return u"do "_s + m_name; }
    Result<void> run(StepContext &context) override
    {
        m_journal.entries.append(u"run "_s + m_name);
        for (int i = 0; i < outputLines; ++i)
            context.output(u"%1 line %2"_s.arg(m_name).arg(i));
        if (onRun)
            onRun();
        if (failRun)
            return fail(Error::Domain::Release, m_name + u" broke"_s);
        return {};
    }
    bool canUndo() const override { return undoable; }
    QString undoDescription() const override { return u"undo "_s + m_name; }
    Result<void> undo(StepContext &context) override
    {
        m_journal.entries.append(u"undo "_s + m_name);
        for (int i = 0; i < undoOutputLines; ++i)
            context.output(u"%1 undo line %2"_s.arg(m_name).arg(i));
        if (failUndo)
            return fail(Error::Domain::Release, m_name + u" could not be taken back"_s);
        return {};
    }
    bool isSafeCancelPoint() const override { return safe; }
    bool changesSomething() const override { return changes; }

    bool failRun = false;
    bool failUndo = false;
    bool undoable = true;
    bool safe = true;
    bool changes = true;
    int outputLines = 0;
    int undoOutputLines = 0;
    std::function<void()> onRun;

private:
    QString m_name;
    Journal &m_journal;
};

struct Fixture
{
    Journal journal;
    Plan plan;
    QList<std::shared_ptr<FakeStep>> steps;

    explicit Fixture(int count)
    {
        plan.action = u"promote"_s;
        plan.artifact = u"api"_s;
        plan.environment = u"qa"_s;
        plan.from = u"v1"_s;
        plan.to = u"v2"_s;
        for (int i = 0; i < count; ++i) {
            auto step = std::make_shared<FakeStep>(QString(QChar(u'a' + i)), journal);
            steps.append(step);
            plan.steps.append(step);
        }
    }
};

} // namespace

class TestPlan : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void succeedsInOrder()
    {
        Fixture f(3);
        QList<StepEvent::Kind> kinds;
        const PlanOutcome outcome = runPlan(f.plan, [&](const StepEvent &e) { kinds.append(e.kind); });
        QVERIFY(outcome.succeeded());
        QCOMPARE(f.journal.entries.join(u'|'), (QStringList{u"run a"_s, u"run b"_s, u"run c"_s}).join(u'|'));
        QCOMPARE(kinds.count(StepEvent::Kind::Started), 3);
        QCOMPARE(kinds.count(StepEvent::Kind::Finished), 3);
        QCOMPARE(outcome.message, u"Promote api v2 to qa (now v1): done."_s);
        for (const StepRecord &r : outcome.steps)
            QVERIFY(r.outcome == StepRecord::Outcome::Succeeded);
    }

    void undoesInReverseOrder()
    {
        Fixture f(4);
        f.steps[2]->failRun = true;
        const PlanOutcome outcome = runPlan(f.plan, {});
        QVERIFY(outcome.result == PlanOutcome::Result::Failed);
        QCOMPARE(outcome.failedStep, 2);
        QCOMPARE(f.journal.entries.join(u'|'), (QStringList{u"run a"_s, u"run b"_s, u"run c"_s, u"undo b"_s, u"undo a"_s}).join(u'|'));
        QVERIFY(outcome.steps[0].outcome == StepRecord::Outcome::Undone);
        QVERIFY(outcome.steps[1].outcome == StepRecord::Outcome::Undone);
        QVERIFY(outcome.steps[2].outcome == StepRecord::Outcome::Failed);
        QCOMPARE(outcome.steps[2].error, u"c broke"_s);
        QVERIFY(outcome.steps[3].outcome == StepRecord::Outcome::NotRun);
        QVERIFY2(outcome.message.contains(u"step 3 failed (c broke)"_s), qPrintable(outcome.message));
        QVERIFY2(outcome.message.contains(u"taken back"_s), qPrintable(outcome.message));
    }

    void firstStepFailingUndoesNothing()
    {
        Fixture f(2);
        f.steps[0]->failRun = true;
        const PlanOutcome outcome = runPlan(f.plan, {});
        QVERIFY(outcome.result == PlanOutcome::Result::Failed);
        QCOMPARE(f.journal.entries.join(u'|'), (QStringList{u"run a"_s}).join(u'|'));
    }

    void undoFailureSaysWhatIsLeft()
    {
        Fixture f(3);
        f.steps[0]->failUndo = true;
        f.steps[2]->failRun = true;
        QList<StepEvent> events;
        const PlanOutcome outcome = runPlan(f.plan, [&](const StepEvent &e) { events.append(e); });
        QVERIFY(outcome.result == PlanOutcome::Result::UndoFailed);
        // The later undo still runs before the one that fails, and the failure does not stop the rest.
        QCOMPARE(f.journal.entries.join(u'|'), (QStringList{u"run a"_s, u"run b"_s, u"run c"_s, u"undo b"_s, u"undo a"_s}).join(u'|'));
        QVERIFY(outcome.steps[0].outcome == StepRecord::Outcome::UndoFailed);
        QCOMPARE(outcome.steps[0].error, u"a could not be taken back"_s);
        QVERIFY(outcome.steps[1].outcome == StepRecord::Outcome::Undone);
        QVERIFY2(outcome.message.contains(u"step 1 (do a) is still in effect: a could not be taken back"_s), qPrintable(outcome.message));
        QVERIFY2(outcome.message.contains(u"step 3 failed (c broke)"_s), qPrintable(outcome.message));
        bool sawUndoFailed = false;
        for (const StepEvent &e : events)
            sawUndoFailed = sawUndoFailed || (e.kind == StepEvent::Kind::UndoFailed && e.step == 0);
        QVERIFY(sawUndoFailed);
    }

    void irreversibleStepsAreNamedButReadOnlyOnesAreNot()
    {
        Fixture f(4);
        f.steps[0]->undoable = false;              // changed something, no way back
        f.steps[1]->undoable = false;
        f.steps[1]->changes = false;               // only read (a verification, say)
        f.steps[3]->failRun = true;
        const PlanOutcome outcome = runPlan(f.plan, {});
        QVERIFY(outcome.result == PlanOutcome::Result::Failed);
        QVERIFY2(outcome.message.contains(u"step 1 had no way back"_s), qPrintable(outcome.message));
        QVERIFY2(!outcome.message.contains(u"step 2"_s), qPrintable(outcome.message));
        QCOMPARE(f.journal.entries.join(u'|'), (QStringList{u"run a"_s, u"run b"_s, u"run c"_s, u"run d"_s, u"undo c"_s}).join(u'|'));
    }

    void cancelStopsAtTheNextSafePoint()
    {
        Fixture f(4);
        std::atomic_bool cancel = false;
        f.steps[0]->onRun = [&] { cancel = true; };
        f.steps[1]->safe = false;                  // must follow step a: runs anyway
        const PlanOutcome outcome = runPlan(f.plan, {}, &cancel);
        QVERIFY(outcome.result == PlanOutcome::Result::Cancelled);
        QCOMPARE(f.journal.entries.join(u'|'), (QStringList{u"run a"_s, u"run b"_s, u"undo b"_s, u"undo a"_s}).join(u'|'));
        QVERIFY2(outcome.message.contains(u"cancelled before step 3"_s), qPrintable(outcome.message));
        QVERIFY(outcome.steps[2].outcome == StepRecord::Outcome::NotRun);
    }

    void cancelBeforeStartRunsNothing()
    {
        Fixture f(2);
        std::atomic_bool cancel = true;
        const PlanOutcome outcome = runPlan(f.plan, {}, &cancel);
        QVERIFY(outcome.result == PlanOutcome::Result::Cancelled);
        QVERIFY(f.journal.entries.isEmpty());
    }

    void cancelledUndoFailureIsReported()
    {
        Fixture f(3);
        std::atomic_bool cancel = false;
        f.steps[1]->onRun = [&] { cancel = true; };
        f.steps[0]->failUndo = true;
        const PlanOutcome outcome = runPlan(f.plan, {}, &cancel);
        QVERIFY(outcome.result == PlanOutcome::Result::UndoFailed);
        QVERIFY2(outcome.message.contains(u"cancelled, and taking back what ran failed"_s), qPrintable(outcome.message));
    }

    void outputIsBoundedAndCountsEveryDroppedLine()
    {
        Fixture f(2);
        f.steps[0]->outputLines = 1500;
        f.steps[0]->undoOutputLines = 300;
        f.steps[1]->failRun = true;
        const PlanOutcome outcome = runPlan(f.plan, {});
        const QStringList &lines = outcome.steps[0].output;
        QCOMPARE(lines.size(), 1001);              // 200 first + marker + 800 last
        QCOMPARE(lines.first(), u"a line 0"_s);
        // 1500 run lines + 300 undo lines, 1000 kept: the marker counts the run's and the undo's.
        QCOMPARE(lines.at(200), u"… 800 lines left out …"_s);
        QCOMPARE(lines.last(), u"a undo line 299"_s);
    }
};

QTEST_GUILESS_MAIN(TestPlan)
#include "tst_plan.moc"
