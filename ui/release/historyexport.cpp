// SPDX-License-Identifier: GPL-3.0-or-later
#include "historyexport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace rd::ui {

namespace {

QJsonValue orNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

QString csvField(QString value)
{
    if (!value.isEmpty() && (value.front() == u'=' || value.front() == u'+' || value.front() == u'-' || value.front() == u'@'))
        value.prepend(u'\'');
    if (value.contains(u',') || value.contains(u'"') || value.contains(u'\n') || value.contains(u'\r'))
        return u'"' + value.replace(u"\""_s, u"\"\""_s) + u'"';
    return value;
}

} // namespace

QByteArray historyToJson(const QList<HistoryRecord> &records)
{
    QJsonArray array;
    for (const HistoryRecord &record : records) {
        array.append(QJsonObject{
            {u"id"_s, record.id},
            {u"time"_s, record.time.toUTC().toString(Qt::ISODate)},
            {u"user"_s, record.user},
            {u"action"_s, record.action},
            {u"artifact"_s, record.artifact},
            {u"environment"_s, record.environment},
            {u"from"_s, orNull(record.from)},
            {u"to"_s, record.to},
            {u"result"_s, record.result},
            {u"message"_s, record.message},
            {u"elapsed_ms"_s, record.elapsedMs},
        });
    }
    return QJsonDocument(QJsonObject{{u"records"_s, array}}).toJson(QJsonDocument::Indented);
}

QByteArray historyToCsv(const QList<HistoryRecord> &records)
{
    QString text = u"id,time,user,action,artifact,environment,from,to,result,message,elapsed_ms\r\n"_s;
    for (const HistoryRecord &record : records) {
        const QStringList fields{QString::number(record.id), record.time.toUTC().toString(Qt::ISODate), record.user, record.action,
                                 record.artifact, record.environment, record.from, record.to, record.result, record.message,
                                 QString::number(record.elapsedMs)};
        QStringList quoted;
        for (const QString &field : fields)
            quoted.append(csvField(field));
        text += quoted.join(u',') + u"\r\n"_s;
    }
    return text.toUtf8();
}

Result<void> writeHistoryFile(const QString &path, const QByteArray &content)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size() || !file.commit())
        return fail(Error::Domain::Io, u"cannot write the history to %1: %2"_s.arg(path, file.errorString()));
    return {};
}

} // namespace rd::ui
