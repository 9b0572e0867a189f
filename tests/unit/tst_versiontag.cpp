// SPDX-License-Identifier: GPL-3.0-or-later
#include "registry/reference.h"
#include "registry/versiontag.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace rd::registry;

class TestVersionTag : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void order_data()
    {
        QTest::addColumn<QString>("lower");
        QTest::addColumn<QString>("higher");
        QTest::newRow("patch") << u"v1.4.1"_s << u"v1.4.2"_s;
        QTest::newRow("numeric, not text") << u"v1.9.0"_s << u"v1.10.0"_s;
        QTest::newRow("pre-release first") << u"v2.0.0-rc.1"_s << u"v2.0.0"_s;
        QTest::newRow("pre-release numeric") << u"1.0.0-rc.2"_s << u"1.0.0-rc.10"_s;
        QTest::newRow("numeric before alpha id") << u"1.0.0-1"_s << u"1.0.0-alpha"_s;
        QTest::newRow("no v equals v") << u"1.2.0"_s << u"v1.2.1"_s;
        QTest::newRow("semver above other tags") << u"latest"_s << u"v0.0.1"_s;
        QTest::newRow("two-part") << u"1.2"_s << u"1.2.1"_s;
    }
    void order()
    {
        QFETCH(QString, lower);
        QFETCH(QString, higher);
        QCOMPARE(compareVersions(lower, higher), -1);
        QCOMPARE(compareVersions(higher, lower), 1);
        QCOMPARE(compareVersions(lower, lower), 0);
    }
    void newest()
    {
        const QStringList tags{u"staging"_s, u"v1.10.0"_s, u"v1.9.3"_s, u"sha-abc1234"_s, u"latest"_s, u"v1.10.0-rc.1"_s};
        QCOMPARE(newestVersion(tags, {}), u"v1.10.0"_s);
        QCOMPARE(newestVersion(tags, u"v1.9*"_s), u"v1.9.3"_s);
        QCOMPARE(newestVersion({u"staging"_s, u"latest"_s}, {}), QString());
        QVERIFY(!isVersionTag(u"xv1.0.0"_s, u"v*"_s)); // the glob matches the whole tag
    }
    void tagGrammar_data()
    {
        QTest::addColumn<QString>("tag");
        QTest::addColumn<bool>("valid");
        QTest::newRow("version") << u"v1.2.3"_s << true;
        QTest::newRow("underscore first") << u"_x"_s << true;
        QTest::newRow("128 chars") << QString(128, u'a') << true;
        QTest::newRow("129 chars") << QString(129, u'a') << false;
        QTest::newRow("dot first") << u".hidden"_s << false;
        QTest::newRow("dash first") << u"-rm"_s << false;
        QTest::newRow("slash") << u"a/b"_s << false;
        QTest::newRow("shell") << u"x;rm"_s << false;
        QTest::newRow("newline") << u"x\n"_s << false;
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("non-ascii") << u"v1.0ü"_s << false;
    }
    void tagGrammar()
    {
        QFETCH(QString, tag);
        QFETCH(bool, valid);
        QCOMPARE(isValidTag(tag), valid);
    }
    void repositoryGrammar()
    {
        QVERIFY(isValidRepositoryName(u"hockey/api"_s));
        QVERIFY(isValidRepositoryName(u"org/a__b/c-d.e"_s));
        QVERIFY(!isValidRepositoryName(u"../etc"_s));
        QVERIFY(!isValidRepositoryName(u"Hockey/api"_s));
        QVERIFY(!isValidRepositoryName(u"hockey//api"_s));
        QVERIFY(!isValidRepositoryName(u"/abs"_s));
        QVERIFY(isValidDigest(QString(u"sha256:"_s + QString(64, u'a'))));
        QVERIFY(!isValidDigest(QString(u"sha256:"_s + QString(63, u'a'))));
        QVERIFY(!isValidDigest(QString(u"sha256:"_s + QString(64, u'A'))));
        QVERIFY(!isValidDigest(u"md5:abc"_s));
    }
};

QTEST_GUILESS_MAIN(TestVersionTag)
#include "tst_versiontag.moc"
