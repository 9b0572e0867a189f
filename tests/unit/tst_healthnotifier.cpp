// SPDX-License-Identifier: GPL-3.0-or-later
// Health notifications: the message and payload of each kind of target, secret resolution
// that never repeats a secret, and delivery to a local receiver when an environment goes down
// and comes back.
#include "config/workspace.h"
#include "health/healthmonitor.h"
#include "health/healthnotifier.h"
#include "httptestserver.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using rd::config::Notification;
using rd::health::Status;

namespace {

Notification target(Notification::Kind kind, const QString &reference)
{
    return Notification{kind, reference, {}};
}

rd::health::HealthEvent downEvent()
{
    return {u"hockey"_s, u"prod"_s, Status::Degraded, Status::Down,
            QDateTime(QDate(2026, 11, 24), QTime(1, 2, 3), QTimeZone::UTC), u"api: GET https://x/health answered HTTP 500, expected 200."_s};
}

} // namespace

class TestHealthNotifier : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void text();
    void payloads();
    void secretsAreResolvedAndNeverRepeated();
    void deliveredOnDownAndRecovery();
};

void TestHealthNotifier::text()
{
    QCOMPARE(rd::health::notificationText(downEvent()),
             u"hockey: prod is DOWN — api: GET https://x/health answered HTTP 500, expected 200."_s);
    rd::health::HealthEvent up = downEvent();
    up.from = Status::Down;
    up.to = Status::Healthy;
    up.detail.clear();
    QCOMPARE(rd::health::notificationText(up), u"hockey: prod is healthy again (was down)."_s);
}

void TestHealthNotifier::payloads()
{
    const auto slack = rd::health::notificationRequest(target(Notification::Kind::Slack, u"env:X"_s),
                                                       QUrl(u"https://hooks.slack.com/services/T/B/C"_s), downEvent());
    QVERIFY(slack);
    QCOMPARE(slack->url.toString(), u"https://hooks.slack.com/services/T/B/C"_s);
    QCOMPARE(QJsonDocument::fromJson(slack->json).object(),
             (QJsonObject{{u"text"_s, rd::health::notificationText(downEvent())}}));

    const auto telegram = rd::health::notificationRequest(
        target(Notification::Kind::Telegram, u"env:X"_s),
        QUrl(u"https://api.telegram.org/bot123:ABC/sendMessage?chat_id=-10042"_s), downEvent());
    QVERIFY(telegram);
    QCOMPARE(telegram->url.toString(), u"https://api.telegram.org/bot123:ABC/sendMessage"_s);
    const QJsonObject telegramBody = QJsonDocument::fromJson(telegram->json).object();
    QCOMPARE(telegramBody.value(u"chat_id"_s).toString(), u"-10042"_s);
    QCOMPARE(telegramBody.value(u"text"_s).toString(), rd::health::notificationText(downEvent()));
    QVERIFY(!rd::health::notificationRequest(target(Notification::Kind::Telegram, u"env:X"_s),
                                             QUrl(u"https://api.telegram.org/bot1:A/sendMessage"_s), downEvent()));

    const auto webhook = rd::health::notificationRequest(target(Notification::Kind::Webhook, u"env:X"_s),
                                                         QUrl(u"https://example.com/hook"_s), downEvent());
    QVERIFY(webhook);
    const QJsonObject body = QJsonDocument::fromJson(webhook->json).object();
    QCOMPARE(body.value(u"event"_s).toString(), u"health"_s);
    QCOMPARE(body.value(u"workspace"_s).toString(), u"hockey"_s);
    QCOMPARE(body.value(u"environment"_s).toString(), u"prod"_s);
    QCOMPARE(body.value(u"from"_s).toString(), u"degraded"_s);
    QCOMPARE(body.value(u"to"_s).toString(), u"down"_s);
    QCOMPARE(body.value(u"time"_s).toString(), u"2026-11-24T01:02:03Z"_s);
    QCOMPARE(body.value(u"detail"_s).toString(), downEvent().detail);
}

void TestHealthNotifier::secretsAreResolvedAndNeverRepeated()
{
    qputenv("RD_TEST_HOOK", "https://hooks.example.com/very-secret-token");
    const auto good = rd::health::resolveNotificationTarget(target(Notification::Kind::Slack, u"env:RD_TEST_HOOK"_s));
    QVERIFY(good);
    QCOMPARE(good->host(), u"hooks.example.com"_s);

    qunsetenv("RD_TEST_UNSET");
    const auto unset = rd::health::resolveNotificationTarget(target(Notification::Kind::Slack, u"env:RD_TEST_UNSET"_s));
    QVERIFY(!unset);
    QCOMPARE(unset.error().message,
             u"the slack notification target names the environment variable RD_TEST_UNSET, which is not set"_s);

    // keyring: targets are read for real in tst_keyring; with no session bus the error says so
    const QByteArray savedBus = qgetenv("DBUS_SESSION_BUS_ADDRESS");
    qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/releasedeck-test-bus");
    const auto keyring = rd::health::resolveNotificationTarget(target(Notification::Kind::Webhook, u"keyring:hook"_s));
    if (savedBus.isEmpty())
        qunsetenv("DBUS_SESSION_BUS_ADDRESS");
    else
        qputenv("DBUS_SESSION_BUS_ADDRESS", savedBus);
    QVERIFY(!keyring);
    QVERIFY2(keyring.error().message.startsWith(u"the webhook notification target (keyring:hook): cannot reach the D-Bus session bus"_s),
             qPrintable(keyring.error().message));

    qputenv("RD_TEST_PLAIN", "http://hooks.example.com/very-secret-token");
    const auto plain = rd::health::resolveNotificationTarget(target(Notification::Kind::Webhook, u"env:RD_TEST_PLAIN"_s));
    QVERIFY(!plain);
    QVERIFY(!plain.error().message.contains(u"very-secret-token"_s));
    QVERIFY(plain.error().message.contains(u"https://"_s));

    qputenv("RD_TEST_LOCAL", "http://127.0.0.1:9/hook");
    QVERIFY(rd::health::resolveNotificationTarget(target(Notification::Kind::Webhook, u"env:RD_TEST_LOCAL"_s)));
}

void TestHealthNotifier::deliveredOnDownAndRecovery()
{
    rd::test::HttpTestServer receiver;
    QVERIFY(receiver.listen());
    receiver.setSequence(u"check"_s, {500, 500, 500, 200, 200});
    qputenv("RD_TEST_WEBHOOK", receiver.url(u"/hook/secret-abc"_s).toEncoded());
    qputenv("RD_TEST_SLACK", receiver.url(u"/slack/T0/B0"_s).toEncoded());
    qputenv("RD_TEST_TELEGRAM", QByteArray(receiver.url(u"/bot1:TOKEN/sendMessage"_s).toEncoded() + "?chat_id=42"));
    qputenv("RD_TEST_BROKEN", receiver.url(u"/status/500"_s).toEncoded());

    rd::config::Workspace workspace;
    workspace.name = u"hockey"_s;
    workspace.notifications = {target(Notification::Kind::Webhook, u"env:RD_TEST_WEBHOOK"_s),
                               target(Notification::Kind::Slack, u"env:RD_TEST_SLACK"_s),
                               target(Notification::Kind::Telegram, u"env:RD_TEST_TELEGRAM"_s),
                               target(Notification::Kind::Webhook, u"env:RD_TEST_BROKEN"_s)};
    rd::health::CheckSpec spec;
    spec.environment = u"prod"_s;
    spec.name = u"api"_s;
    spec.kind = rd::health::CheckSpec::Kind::Http;
    spec.url = receiver.url(u"/seq/check"_s);
    spec.timeout = 30s;
    spec.failureThreshold = 2;
    rd::health::HealthMonitor monitor({spec});
    rd::health::HealthNotifier notifier(workspace, &monitor);
    QSignalSpy delivered(&notifier, &rd::health::HealthNotifier::delivered);

    auto round = [&monitor] {
        QSignalSpy idle(&monitor, &rd::health::HealthMonitor::idle);
        monitor.runOnce();
        return QTest::qWaitFor([&] { return !idle.isEmpty(); }, 60'000);
    };
    QVERIFY(round()); // degraded: nothing sent
    QVERIFY(round()); // down: four deliveries
    QVERIFY(QTest::qWaitFor([&] { return delivered.size() == 4; }, 60'000));
    QVERIFY(round()); // still down: nothing new
    QVERIFY(round()); // healthy again: four deliveries
    QVERIFY(QTest::qWaitFor([&] { return delivered.size() == 8; }, 60'000));
    QVERIFY(round()); // still healthy: nothing new
    QTest::qWait(200); // nothing is pending; give a stray delivery the chance to show (none may)
    QCOMPARE(delivered.size(), 8);

    int failures = 0;
    for (const QList<QVariant> &event : delivered) {
        const int number = event.at(0).toInt();
        const QString error = event.at(1).toString();
        if (number == 4) {
            ++failures;
            QCOMPARE(error, u"notification 4 (webhook): the POST was answered with HTTP 500"_s);
        } else {
            QVERIFY2(error.isEmpty(), qPrintable(error));
        }
    }
    QCOMPARE(failures, 2);

    QList<rd::test::HttpTestServer::Request> posts;
    for (const auto &request : receiver.received()) {
        if (request.method == "POST")
            posts.append(request);
    }
    QCOMPARE(posts.size(), 8);
    auto bodyFor = [&posts](const QString &path, int nth) {
        int seen = 0;
        for (const auto &post : posts) {
            if (post.path == path && seen++ == nth)
                return QJsonDocument::fromJson(post.body).object();
        }
        return QJsonObject();
    };
    const QJsonObject down = bodyFor(u"/hook/secret-abc"_s, 0);
    QCOMPARE(down.value(u"event"_s).toString(), u"health"_s);
    QCOMPARE(down.value(u"environment"_s).toString(), u"prod"_s);
    QCOMPARE(down.value(u"to"_s).toString(), u"down"_s);
    QVERIFY2(down.value(u"detail"_s).toString().startsWith(u"api: GET http://127.0.0.1:"_s),
             qPrintable(down.value(u"detail"_s).toString()));
    QVERIFY(down.value(u"detail"_s).toString().endsWith(u"answered HTTP 500, expected 200."_s));
    const QJsonObject up = bodyFor(u"/hook/secret-abc"_s, 1);
    QCOMPARE(up.value(u"from"_s).toString(), u"down"_s);
    QCOMPARE(up.value(u"to"_s).toString(), u"healthy"_s);
    QCOMPARE(bodyFor(u"/slack/T0/B0"_s, 1).value(u"text"_s).toString(), u"hockey: prod is healthy again (was down)."_s);
    const QJsonObject telegram = bodyFor(u"/bot1:TOKEN/sendMessage"_s, 0);
    QCOMPARE(telegram.value(u"chat_id"_s).toString(), u"42"_s);
    QVERIFY(telegram.value(u"text"_s).toString().startsWith(u"hockey: prod is DOWN — api: "_s));
}

QTEST_GUILESS_MAIN(TestHealthNotifier)
#include "tst_healthnotifier.moc"
