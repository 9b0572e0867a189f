// SPDX-License-Identifier: GPL-3.0-or-later
// Promotion notices: after a promote on the demo workspace, a real HTTP receiver on 127.0.0.1
// (tests/support/httptestserver.h) gets the generic webhook's structured JSON, Slack's {"text"}
// and Telegram's sendMessage — in process through ReleaseEngine and end to end through
// releasedeck-cli. Targets that answer 500 or cannot be reached give warnings, and the
// promotion still succeeds with exit code 0. No payload carries a URL or the secret parts of
// the target URLs; --no-notify sends nothing.
#include "httptestserver.h"
#include "testdata.h"

#include "config/workspaceloader.h"
#include "demo/demoworkspace.h"
#include "notify/notificationsender.h"
#include "release/promotionnotice.h"
#include "release/releaseengine.h"
#include "release/steps/verifystep.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace rd;
using namespace rd::release;

namespace {

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeAll(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

// A port on 127.0.0.1 that nothing listens on (taken, then given back).
quint16 closedPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost))
        return 9;
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

// A demo workspace whose notifications point at `receiver` through env:RD_N_* references.
struct NotifyingDemo
{
    QTemporaryDir dir;
    QString file;

    bool create(const rd::test::HttpTestServer &receiver)
    {
        auto created = demo::createDemoWorkspace(dir.path());
        if (!created)
            return false;
        qputenv("RELEASEDECK_AUDIT_DB", QDir(dir.path()).filePath(u"audit.sqlite"_s).toUtf8());
        file = *created;
        QByteArray yaml = readAll(file);
        if (yaml.contains("notifications:"))
            return false;
        yaml += "notifications:\n"
                "  - {webhook: \"env:RD_N_WEBHOOK\"}\n"
                "  - {slack: \"env:RD_N_SLACK\"}\n"
                "  - {telegram: \"env:RD_N_TELEGRAM\"}\n";
        qputenv("RD_N_WEBHOOK", receiver.url(u"/hook/secret-abc"_s).toEncoded());
        qputenv("RD_N_SLACK", receiver.url(u"/slack/T0/B0/secret-def"_s).toEncoded());
        qputenv("RD_N_TELEGRAM", QByteArray(receiver.url(u"/bot1:SECRETTOKEN/sendMessage"_s).toEncoded() + "?chat_id=42"));
        return writeAll(file, yaml);
    }
    std::optional<config::Workspace> load() const
    {
        auto loaded = config::loadWorkspace(file);
        return loaded ? std::optional<config::Workspace>(*loaded) : std::nullopt;
    }
};

const rd::test::HttpTestServer::Request *find(const rd::test::HttpTestServer &server, const QString &prefix)
{
    for (const auto &request : server.received()) {
        if (request.path.startsWith(prefix))
            return &request;
    }
    return nullptr;
}

// What no notice may contain: a link, or any secret part of the target URLs.
QString leak(const QByteArray &body)
{
    for (const char *needle : {"http://", "https://", "secret-abc", "secret-def", "SECRETTOKEN", "127.0.0.1"}) {
        if (body.contains(needle))
            return QString::fromLatin1(needle);
    }
    return {};
}

struct CliRun
{
    int exitCode = -1;
    QString out;
    QString err;
};

// Runs the CLI while this thread keeps serving the receiver (it lives on this thread).
CliRun runCli(const QStringList &arguments)
{
    QProcess process;
    QEventLoop loop;
    QObject::connect(&process, &QProcess::finished, &loop, &QEventLoop::quit);
    QObject::connect(&process, &QProcess::errorOccurred, &loop, &QEventLoop::quit);
    QTimer::singleShot(120'000, &loop, &QEventLoop::quit);
    process.start(rd::test::binaryPath(u"releasedeck-cli"_s), arguments);
    loop.exec();
    if (process.state() != QProcess::NotRunning) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
}

ReleaseOutcome promote(ReleaseEngine &engine, const QString &artifact, const QString &env)
{
    auto planned = engine.planPromotion(PromoteRequest{artifact, env, {}, {}});
    if (!planned) {
        ReleaseOutcome failed;
        failed.message = planned.error().message;
        return failed;
    }
    if (auto admitted = engine.admit(*planned, {}); !admitted) {
        ReleaseOutcome refused;
        refused.result = ReleaseOutcome::Result::Refused;
        refused.message = admitted.error().message;
        return refused;
    }
    return engine.execute(*planned, {});
}

} // namespace

class TestPromoteNotify : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { VerifyStep::pollInterval = std::chrono::milliseconds(100); }

    void inProcessPromoteNotifiesEveryTarget()
    {
        rd::test::HttpTestServer receiver;
        QVERIFY(receiver.listen());
        NotifyingDemo demo;
        QVERIFY(demo.create(receiver));
        auto workspace = demo.load();
        QVERIFY(workspace);
        ReleaseEngine engine(*workspace);
        const ReleaseOutcome outcome = promote(engine, u"api"_s, u"qa"_s);
        QVERIFY2(outcome.succeeded(), qPrintable(outcome.message));
        QVERIFY2(outcome.notificationWarnings.isEmpty(), qPrintable(outcome.notificationWarnings.join(u'\n')));
        QCOMPARE(receiver.received().size(), 3);

        const auto *hook = find(receiver, u"/hook/"_s);
        QVERIFY(hook);
        QCOMPARE(hook->method, QByteArray("POST"));
        const QJsonObject body = QJsonDocument::fromJson(hook->body).object();
        QCOMPARE(body.value(u"event"_s).toString(), u"promotion"_s);
        QCOMPARE(body.value(u"action"_s).toString(), u"promote"_s);
        QCOMPARE(body.value(u"result"_s).toString(), u"succeeded"_s);
        QCOMPARE(body.value(u"workspace"_s).toString(), workspace->name);
        QCOMPARE(body.value(u"artifact"_s).toString(), u"api"_s);
        QCOMPARE(body.value(u"environment"_s).toString(), u"qa"_s);
        QCOMPARE(body.value(u"from_environment"_s).toString(), u"dev"_s);
        QCOMPARE(body.value(u"from"_s).toString(), u"v1.5.1"_s);
        QCOMPARE(body.value(u"to"_s).toString(), u"v1.6.0"_s);
        QVERIFY(body.value(u"duration_ms"_s).isDouble() && body.value(u"duration_ms"_s).toDouble() >= 0);
        QCOMPARE(body.value(u"auto_rollback"_s).toBool(true), false);
        QVERIFY2(body.value(u"summary"_s).toString().contains(u"qa runs v1.6.0"_s), qPrintable(body.value(u"summary"_s).toString()));
        const QStringList environments = body.value(u"environments"_s).toVariant().toStringList();
        QVERIFY2(environments.contains(u"qa: v1.6.0 (deployed)"_s), qPrintable(environments.join(u"; "_s)));
        QVERIFY2(body.value(u"text"_s).toString().contains(u"api v1.6.0 promoted to qa (was v1.5.1)"_s), qPrintable(body.value(u"text"_s).toString()));

        const auto *slack = find(receiver, u"/slack/"_s);
        QVERIFY(slack);
        const QJsonObject slackBody = QJsonDocument::fromJson(slack->body).object();
        QCOMPARE(slackBody.keys(), QStringList{u"text"_s});
        QCOMPARE(slackBody.value(u"text"_s).toString(), body.value(u"text"_s).toString());

        const auto *telegram = find(receiver, u"/bot1:"_s);
        QVERIFY(telegram);
        QVERIFY2(!telegram->target.contains("chat_id"), telegram->target.constData());
        const QJsonObject telegramBody = QJsonDocument::fromJson(telegram->body).object();
        QCOMPARE(telegramBody.value(u"chat_id"_s).toString(), u"42"_s);
        QCOMPARE(telegramBody.value(u"text"_s).toString(), body.value(u"text"_s).toString());

        for (const auto &request : receiver.received())
            QVERIFY2(leak(request.body).isEmpty(), qPrintable(leak(request.body) + u" in "_s + QString::fromUtf8(request.body)));
    }

    // A failed promotion is announced too, with the automatic rollback in its summary.
    void failedPromotionIsAnnounced()
    {
        rd::test::HttpTestServer receiver;
        QVERIFY(receiver.listen());
        NotifyingDemo demo;
        QVERIFY(demo.create(receiver));
        // qa is healthy unless it runs v1.6.0; verification gives up after 1 s → automatic rollback.
        QByteArray yaml = readAll(demo.file);
        const QByteArray check = "command: \"test -s state/qa/api.version\"";
        QVERIFY(yaml.contains(check) && yaml.contains("    tag: qa\n"));
        yaml.replace(check, "command: \"! grep -q v1.6.0 state/qa/api.version\"");
        yaml.replace("    tag: qa\n", "    tag: qa\n    verify_timeout: 1s\n");
        QVERIFY(writeAll(demo.file, yaml));
        auto workspace = demo.load();
        QVERIFY(workspace);
        ReleaseEngine engine(*workspace);
        const ReleaseOutcome outcome = promote(engine, u"api"_s, u"qa"_s);
        QVERIFY2(outcome.result == ReleaseOutcome::Result::Failed, qPrintable(outcome.message));
        const auto *hook = find(receiver, u"/hook/"_s);
        QVERIFY(hook);
        const QJsonObject body = QJsonDocument::fromJson(hook->body).object();
        QCOMPARE(body.value(u"result"_s).toString(), u"failed"_s);
        QCOMPARE(body.value(u"auto_rollback"_s).toBool(), true);
        QVERIFY2(body.value(u"summary"_s).toString().contains(u"rolled back automatically"_s), qPrintable(body.value(u"summary"_s).toString()));
        QVERIFY2(body.value(u"text"_s).toString().contains(u"FAILED"_s), qPrintable(body.value(u"text"_s).toString()));
        QVERIFY2(leak(hook->body).isEmpty(), qPrintable(QString::fromUtf8(hook->body)));
    }

    void failingTargetsOnlyWarn()
    {
        rd::test::HttpTestServer receiver;
        QVERIFY(receiver.listen());
        NotifyingDemo demo;
        QVERIFY(demo.create(receiver));
        qputenv("RD_N_WEBHOOK", receiver.url(u"/status/500"_s).toEncoded());
        qputenv("RD_N_SLACK", QByteArray("http://127.0.0.1:" + QByteArray::number(closedPort()) + "/slack/secret-def"));
        auto workspace = demo.load();
        QVERIFY(workspace);
        ReleaseEngine engine(*workspace);
        const ReleaseOutcome outcome = promote(engine, u"api"_s, u"qa"_s);
        QVERIFY2(outcome.succeeded(), qPrintable(outcome.message));
        QCOMPARE(outcome.notificationWarnings.size(), 2);
        QVERIFY2(outcome.notificationWarnings.at(0).startsWith(u"notification 1 (webhook): the POST was answered with HTTP 500"_s),
                 qPrintable(outcome.notificationWarnings.at(0)));
        QVERIFY2(outcome.notificationWarnings.at(1).startsWith(u"notification 2 (slack): the POST failed"_s),
                 qPrintable(outcome.notificationWarnings.at(1)));
        for (const QString &warning : outcome.notificationWarnings)
            QVERIFY2(!warning.contains(u"secret-def"_s) && !warning.contains(u"/status/500"_s), qPrintable(warning));
        QVERIFY(find(receiver, u"/bot1:"_s)); // the working target still got it
    }

    void cliEndToEnd()
    {
        rd::test::HttpTestServer receiver;
        QVERIFY(receiver.listen());
        NotifyingDemo demo;
        QVERIFY(demo.create(receiver));

        const CliRun quiet = runCli({u"-w"_s, demo.file, u"promote"_s, u"api"_s, u"--to"_s, u"qa"_s, u"--yes"_s, u"--no-notify"_s});
        QVERIFY2(quiet.exitCode == 0, qPrintable(quiet.err));
        QCOMPARE(receiver.totalRequests(), 0);

        const CliRun back = runCli({u"-w"_s, demo.file, u"rollback"_s, u"api"_s, u"--env"_s, u"qa"_s, u"--yes"_s, u"--json"_s});
        QVERIFY2(back.exitCode == 0, qPrintable(back.err));
        QCOMPARE(receiver.received().size(), 3);
        const auto *hook = find(receiver, u"/hook/"_s);
        QVERIFY(hook);
        const QJsonObject body = QJsonDocument::fromJson(hook->body).object();
        QCOMPARE(body.value(u"action"_s).toString(), u"rollback"_s);
        QCOMPARE(body.value(u"result"_s).toString(), u"succeeded"_s);
        QCOMPARE(body.value(u"from"_s).toString(), u"v1.6.0"_s);
        QCOMPARE(body.value(u"to"_s).toString(), u"v1.5.1"_s);
        for (const auto &request : receiver.received())
            QVERIFY2(leak(request.body).isEmpty(), qPrintable(QString::fromUtf8(request.body)));
        const QJsonObject answer = QJsonDocument::fromJson(back.out.toUtf8()).object();
        QCOMPARE(answer.value(u"notification_warnings"_s).toArray().size(), 0);

        // A target answering 500: a warning on stderr and in the JSON; the exit code stays 0.
        qputenv("RD_N_WEBHOOK", receiver.url(u"/status/500"_s).toEncoded());
        const CliRun warned = runCli({u"-w"_s, demo.file, u"rollback"_s, u"api"_s, u"--env"_s, u"dev"_s, u"--yes"_s, u"--json"_s});
        QVERIFY2(warned.exitCode == 0, qPrintable(warned.err));
        QVERIFY2(warned.err.contains(u"warning: notification 1 (webhook): the POST was answered with HTTP 500"_s), qPrintable(warned.err));
        QVERIFY2(!warned.err.contains(u"/status/500"_s), qPrintable(warned.err));
        const QJsonObject warnedAnswer = QJsonDocument::fromJson(warned.out.toUtf8()).object();
        QCOMPARE(warnedAnswer.value(u"result"_s).toString(), u"succeeded"_s);
        QCOMPARE(warnedAnswer.value(u"notification_warnings"_s).toArray().size(), 1);
    }

    void linksAreRemovedFromNotices()
    {
        QCOMPARE(notify::withoutLinks(u"GET https://registry.example.com/v2/x?token=abc answered 500"_s),
                 u"GET (link removed) answered 500"_s);
        QCOMPARE(notify::withoutLinks(u"see (http://a/b) and ssh://git@h/x.git."_s), u"see ((link removed)) and (link removed)"_s);
        QCOMPARE(durationText(std::chrono::milliseconds(850)), u"850 ms"_s);
        QCOMPARE(durationText(std::chrono::milliseconds(4'400)), u"4 s"_s);
        QCOMPARE(durationText(std::chrono::milliseconds(125'000)), u"2 min 5 s"_s);
    }
};

QTEST_GUILESS_MAIN(TestPromoteNotify)
#include "tst_promote_notify.moc"
