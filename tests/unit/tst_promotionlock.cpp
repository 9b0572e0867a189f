// SPDX-License-Identifier: GPL-3.0-or-later
// The promotion lock between real processes: this test starts copies of itself that take a lock
// and hold it until their standard input closes (or they are killed).
#include "release/promotionlock.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

using namespace Qt::StringLiterals;
using rd::release::LockHolder;
using rd::release::PromotionLock;

namespace {

// Child mode: `tst_promotionlock --hold DIR ARTIFACT ENV` prints "held" or "refused: …", then
// (when held) keeps the lock until stdin reaches end of file.
int holdAsChild(const QStringList &args)
{
    auto lock = PromotionLock::acquire(args.at(2), LockHolder::self(u"promote"_s, args.at(3), args.at(4), u"v1"_s, u"v2"_s));
    if (!lock) {
        std::printf("refused: %s\n", qPrintable(lock.error().message));
        std::fflush(stdout);
        return lock.error().code == PromotionLock::HeldCode ? 3 : 1;
    }
    std::printf("held\n");
    std::fflush(stdout);
    char buffer[64];
    while (std::fread(buffer, 1, sizeof buffer, stdin) > 0) { }
    return 0;
}

} // namespace

class TestPromotionLock : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    int m_count = 0;
    QString newDirectory() { return m_dir.filePath(u"locks-%1"_s.arg(++m_count)); }

    // A child holding (or failing to take) a lock; returns after its first line.
    QProcess *startHolder(const QString &directory, const QString &artifact, const QString &env, QString *line)
    {
        auto *child = new QProcess(this);
        child->setProcessChannelMode(QProcess::SeparateChannels);
        child->start(QCoreApplication::applicationFilePath(), { u"--hold"_s, directory, artifact, env });
        if (!child->waitForStarted(30'000))
            qFatal("child did not start");
        while (!child->canReadLine()) {
            if (!child->waitForReadyRead(30'000))
                qFatal("child said nothing: %s", child->readAllStandardError().constData());
        }
        *line = QString::fromUtf8(child->readLine()).trimmed();
        return child;
    }

    static void finish(QProcess *child)
    {
        child->closeWriteChannel();
        QVERIFY(child->waitForFinished(30'000));
        delete child;
    }

private Q_SLOTS:
    void oneHolderPerArtifactAndEnvironment()
    {
        const QString dir = newDirectory();
        auto first = PromotionLock::acquire(dir, LockHolder::self(u"promote"_s, u"api"_s, u"prod"_s, u"v1"_s, u"v2"_s));
        QVERIFY(first);
        QVERIFY(first->isHeld());

        // Even within one process (two windows of one GUI), the second is refused and told who.
        auto second = PromotionLock::acquire(dir, LockHolder::self(u"rollback"_s, u"api"_s, u"prod"_s));
        QVERIFY(!second);
        QCOMPARE(second.error().code, PromotionLock::HeldCode);
        const QString message = second.error().message;
        QVERIFY2(message.startsWith(u"api in prod is locked: "_s), qPrintable(message));
        QVERIFY2(message.contains(u"(pid %1)"_s.arg(QCoreApplication::applicationPid())), qPrintable(message));
        QVERIFY2(message.contains(u"promoting v2 (from v1)"_s), qPrintable(message));
        QVERIFY2(message.contains(u" UTC"_s), qPrintable(message));

        // Other artifacts and environments are independent.
        auto otherEnv = PromotionLock::acquire(dir, LockHolder::self(u"promote"_s, u"api"_s, u"staging"_s));
        QVERIFY(otherEnv);
        auto otherArtifact = PromotionLock::acquire(dir, LockHolder::self(u"promote"_s, u"web"_s, u"prod"_s));
        QVERIFY(otherArtifact);
        QCOMPARE(PromotionLock::holders(dir).size(), 3);

        first->release();
        QVERIFY(!first->isHeld());
        QCOMPARE(PromotionLock::holders(dir).size(), 2);
        auto again = PromotionLock::acquire(dir, LockHolder::self(u"rollback"_s, u"api"_s, u"prod"_s));
        QVERIFY(again);

        // Moving a lock keeps it held; destroying it releases it.
        PromotionLock moved = std::move(*again);
        QVERIFY(moved.isHeld());
        QVERIFY(!PromotionLock::acquire(dir, LockHolder::self(u"promote"_s, u"api"_s, u"prod"_s)));
        {
            PromotionLock gone = std::move(moved);
        }
        QVERIFY(PromotionLock::acquire(dir, LockHolder::self(u"promote"_s, u"api"_s, u"prod"_s)));
    }

    void secondProcessIsRefusedWithTheHolder()
    {
        const QString dir = newDirectory();
        QString line;
        QProcess *holder = startHolder(dir, u"api"_s, u"prod"_s, &line);
        QCOMPARE(line, u"held"_s);
        const qint64 pid = holder->processId();

        auto mine = PromotionLock::acquire(dir, LockHolder::self(u"promote"_s, u"api"_s, u"prod"_s));
        QVERIFY(!mine);
        QCOMPARE(mine.error().code, PromotionLock::HeldCode);
        QVERIFY2(mine.error().message.contains(u"(pid %1)"_s.arg(pid)), qPrintable(mine.error().message));

        // A third process is refused too, and says so.
        QString third;
        QProcess *other = startHolder(dir, u"api"_s, u"prod"_s, &third);
        QVERIFY2(third.startsWith(u"refused: api in prod is locked"_s), qPrintable(third));
        QVERIFY2(third.contains(u"(pid %1)"_s.arg(pid)), qPrintable(third));
        finish(other);

        const QList<LockHolder> holders = PromotionLock::holders(dir);
        QCOMPARE(holders.size(), 1);
        QCOMPARE(holders.front().pid, pid);
        QCOMPARE(holders.front().artifact, u"api"_s);
        QCOMPARE(holders.front().environment, u"prod"_s);
        QCOMPARE(holders.front().action, u"promote"_s);
        QVERIFY(holders.front().since.isValid());

        finish(holder);
        QVERIFY(PromotionLock::holders(dir).isEmpty());
        QVERIFY(PromotionLock::acquire(dir, LockHolder::self(u"promote"_s, u"api"_s, u"prod"_s)));
    }

    void killedHolderLeavesNoStaleLock()
    {
        const QString dir = newDirectory();
        QString line;
        QProcess *holder = startHolder(dir, u"api"_s, u"prod"_s, &line);
        QCOMPARE(line, u"held"_s);
        holder->kill(); // SIGKILL: no destructor, no clean-up; the lock file stays behind
        QVERIFY(holder->waitForFinished(30'000));
        delete holder;
        QVERIFY(QFile::exists(QDir(dir).filePath(rd::release::lockFileName(u"api"_s, u"prod"_s))));
        QVERIFY(PromotionLock::holders(dir).isEmpty());
        auto mine = PromotionLock::acquire(dir, LockHolder::self(u"promote"_s, u"api"_s, u"prod"_s));
        QVERIFY2(mine, qPrintable(mine ? QString() : mine.error().message));
    }

    void raceHasExactlyOneWinner()
    {
        const QString dir = newDirectory();
        constexpr int racers = 6;
        QList<QProcess *> children;
        for (int i = 0; i < racers; ++i) {
            auto *child = new QProcess(this);
            child->start(QCoreApplication::applicationFilePath(), { u"--hold"_s, dir, u"api"_s, u"prod"_s });
            children.append(child);
        }
        // Winners hold until their stdin closes, so every racer has answered while the winner
        // still holds: exactly one can have won, however the start-up times fall.
        int won = 0;
        int refused = 0;
        for (QProcess *child : std::as_const(children)) {
            QVERIFY(child->waitForStarted(30'000));
            while (!child->canReadLine())
                QVERIFY(child->waitForReadyRead(30'000));
            const QString line = QString::fromUtf8(child->readLine()).trimmed();
            if (line == u"held")
                ++won;
            else if (line.startsWith(u"refused: api in prod is locked"_s))
                ++refused;
            else
                QFAIL(qPrintable(line));
        }
        QCOMPARE(won, 1);
        QCOMPARE(refused, racers - 1);
        for (QProcess *child : std::as_const(children))
            finish(child);
    }

    // The admission gate: one holder at a time (also between threads of one process, as the
    // engine's test runs two engines on two threads), free again once released, and never
    // listed as a running deploy.
    void admissionGateIsExclusiveAndNotADeploy()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        auto gate = PromotionLock::admissionGate(dir.path());
        QVERIFY(gate && gate->isHeld());
        auto second = PromotionLock::admissionGate(dir.path(), 50);
        QVERIFY(!second);
        QVERIFY2(second.error().message.contains(u"stayed locked"_s), qPrintable(second.error().message));
        QVERIFY(PromotionLock::holders(dir.path()).isEmpty());
        gate->release();
        auto third = PromotionLock::admissionGate(dir.path(), 50);
        QVERIFY(third && third->isHeld());
    }

    void hostileNamesStayInTheDirectory()
    {
        const QString dir = newDirectory();
        QCOMPARE(rd::release::lockFileName(u"api"_s, u"prod"_s), u"api@prod.lock"_s);
        const QString hostile = rd::release::lockFileName(u"../../etc/passwd"_s, u"prod\n"_s);
        QVERIFY(!hostile.contains(u'/'));
        QVERIFY(!hostile.contains(u".."_s));
        QVERIFY(rd::release::lockFileName(u".hidden"_s, u"prod"_s).startsWith(u"x-"_s));
        auto lock = PromotionLock::acquire(dir, LockHolder::self(u"promote"_s, u"../../escape"_s, u"prod"_s));
        QVERIFY(lock);
        QVERIFY(QFileInfo(lock->file()).absolutePath() == QFileInfo(dir).absoluteFilePath());

        // A lock file someone filled with garbage is still a lock file.
        QFile garbage(QDir(dir).filePath(u"web@qa.lock"_s));
        QVERIFY(garbage.open(QIODevice::WriteOnly));
        garbage.write(QByteArray(100'000, '{'));
        garbage.close();
        QVERIFY(PromotionLock::acquire(dir, LockHolder::self(u"promote"_s, u"web"_s, u"qa"_s)));
    }

    void unusableDirectoryIsAClearError()
    {
        QFile file(m_dir.filePath(u"not-a-folder"_s));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        auto lock = PromotionLock::acquire(file.fileName(), LockHolder::self(u"promote"_s, u"api"_s, u"prod"_s));
        QVERIFY(!lock);
        QVERIFY2(lock.error().message.contains(u"cannot create the lock folder"_s), qPrintable(lock.error().message));
        QVERIFY(PromotionLock::holders(m_dir.filePath(u"missing"_s)).isEmpty());
    }
};

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() == 5 && args.at(1) == u"--hold")
        return holdAsChild(args);
    TestPromotionLock test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_promotionlock.moc"
