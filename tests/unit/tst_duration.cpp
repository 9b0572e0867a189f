// SPDX-License-Identifier: GPL-3.0-or-later
#include "util/duration.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

class TestDuration : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("seconds"); // -1 = rejected
        QTest::newRow("seconds") << u"30s"_s << qint64(30);
        QTest::newRow("minutes") << u"5m"_s << qint64(300);
        QTest::newRow("hours") << u"26h"_s << qint64(26 * 3600);
        QTest::newRow("days") << u"30d"_s << qint64(30 * 86400);
        QTest::newRow("compound") << u"1h30m"_s << qint64(5400);
        QTest::newRow("no unit") << u"30"_s << qint64(-1);
        QTest::newRow("empty") << QString() << qint64(-1);
        QTest::newRow("unit only") << u"h"_s << qint64(-1);
        QTest::newRow("negative") << u"-5m"_s << qint64(-1);
        QTest::newRow("unknown unit") << u"5w"_s << qint64(-1);
        QTest::newRow("space") << u"5 m"_s << qint64(-1);
        QTest::newRow("huge") << u"99999999999999999999d"_s << qint64(-1);
        QTest::newRow("arabic-indic digits") << u"\u0665m"_s << qint64(-1);
    }
    void parse()
    {
        QFETCH(QString, text);
        QFETCH(qint64, seconds);
        const auto parsed = rd::parseDuration(text);
        if (seconds < 0) {
            QVERIFY(!parsed);
        } else {
            QVERIFY(parsed);
            QCOMPARE(parsed->count(), seconds);
        }
    }
    void formatAge()
    {
        QCOMPARE(rd::formatAge(45s), u"45 s"_s);
        QCOMPARE(rd::formatAge(12min), u"12 min"_s);
        QCOMPARE(rd::formatAge(5h), u"5 h"_s);
        QCOMPARE(rd::formatAge(std::chrono::seconds(3 * 86400)), u"3 d"_s);
        QCOMPARE(rd::formatAge(std::chrono::seconds(90 * 86400)), u"3 mo"_s);
        QCOMPARE(rd::formatAge(-5s), u"0 s"_s); // clocks disagree: never a negative age
    }
};

QTEST_GUILESS_MAIN(TestDuration)
#include "tst_duration.moc"
