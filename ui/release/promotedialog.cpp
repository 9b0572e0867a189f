// SPDX-License-Identifier: GPL-3.0-or-later
#include "promotedialog.h"

#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace rd::ui {

namespace {

QLabel *sectionTitle(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont bold = label->font();
    bold.setBold(true);
    label->setFont(bold);
    label->setContentsMargins(0, 8, 0, 2);
    return label;
}

QTreeWidget *makeList(const QStringList &headers, QWidget *parent)
{
    auto *list = new QTreeWidget(parent);
    list->setColumnCount(int(headers.size()));
    list->setHeaderLabels(headers);
    list->setRootIsDecorated(false);
    list->setUniformRowHeights(true);
    list->setAlternatingRowColors(true);
    list->header()->setStretchLastSection(false);
    for (int i = 0; i < headers.size(); ++i)
        list->header()->setSectionResizeMode(i, QHeaderView::ResizeToContents);
    return list;
}

QString versionText(const QString &version)
{
    return version.isEmpty() ? QCoreApplication::translate("PromoteDialog", "nothing") : version;
}

} // namespace

PromoteDialog::PromoteDialog(const release::Plan &plan, bool typedConfirmation, QWidget *parent)
    : QDialog(parent)
    , m_plan(plan)
    , m_headline(new QLabel(this))
    , m_commits(makeList({tr("Commit"), tr("Subject"), tr("Author"), tr("Date")}, this))
    , m_files(makeList({tr("Status"), tr("File"), tr("+"), tr("−")}, this))
    , m_dropped(new QLabel(this))
{
    setObjectName(u"promoteDialog"_s);
    setWindowTitle(plan.summary());
    const bool rollback = plan.action == u"rollback";

    auto *title = new QLabel(plan.summary(), this);
    title->setObjectName(u"promoteTitle"_s);
    QFont big = title->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.3);
    title->setFont(big);
    title->setWordWrap(true);

    // From → to, the thing to check first: big, monospace, side by side.
    auto *versions = new QLabel(this);
    versions->setObjectName(u"promoteVersions"_s);
    versions->setTextFormat(Qt::RichText);
    versions->setText(tr("<span style='font-size:large'>%1 runs <tt><b>%2</b></tt> &nbsp;→&nbsp; will run <tt><b>%3</b></tt></span>")
                          .arg(plan.environment.toHtmlEscaped(), versionText(plan.from).toHtmlEscaped(),
                               versionText(plan.to).toHtmlEscaped()));

    // Warnings stand out but do not shout: a tinted box above the details.
    auto *warnings = new QLabel(this);
    warnings->setObjectName(u"promoteWarnings"_s);
    warnings->setWordWrap(true);
    warnings->setTextFormat(Qt::RichText);
    warnings->setVisible(!plan.warnings.isEmpty());
    QStringList warningLines;
    for (const QString &warning : plan.warnings)
        warningLines.append(u"⚠ "_s + warning.toHtmlEscaped());
    warnings->setText(warningLines.join(u"<br>"_s));
    warnings->setStyleSheet(u"QLabel { background: #fff4d6; color: #5c3d00; border: 1px solid #d98e04; border-radius: 4px; padding: 6px; }"_s);

    // What changes in code: commits on the left, files on the right.
    m_headline->setObjectName(u"changesHeadline"_s);
    m_headline->setText(tr("Reading the changelog…"));
    m_headline->setWordWrap(true);
    m_commits->setObjectName(u"promoteCommits"_s);
    m_commits->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_files->setObjectName(u"promoteFiles"_s);
    m_files->header()->setSectionResizeMode(1, QHeaderView::Stretch);
    m_dropped->setObjectName(u"droppedCommits"_s);
    m_dropped->setWordWrap(true);
    m_dropped->setStyleSheet(u"QLabel { color: #c27c00; }"_s);
    m_dropped->hide();
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_commits);
    splitter->addWidget(m_files);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);

    // The plan in words, numbered, with what can be taken back.
    auto *steps = new QLabel(this);
    steps->setObjectName(u"promoteSteps"_s);
    steps->setWordWrap(true);
    steps->setTextFormat(Qt::RichText);
    steps->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QString stepsHtml = u"<ol style='margin-left:-20px'>"_s;
    for (const auto &step : plan.steps) {
        stepsHtml += u"<li>"_s + step->description().toHtmlEscaped();
        if (step->canUndo())
            stepsHtml += u" <span style='color:gray'>"_s + tr("(undone if a later step fails)") + u"</span>"_s;
        stepsHtml += u"</li>"_s;
    }
    stepsHtml += u"</ol>"_s;
    steps->setText(plan.steps.isEmpty() ? tr("Nothing to do: %1 already runs %2.").arg(plan.environment, versionText(plan.to)) : stepsHtml);

    auto *buttons = new QDialogButtonBox(this);
    m_confirm = buttons->addButton(rollback ? tr("Roll Back") : tr("Promote"), QDialogButtonBox::AcceptRole);
    m_confirm->setObjectName(u"confirmButton"_s);
    buttons->addButton(QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(versions);
    layout->addWidget(warnings);
    layout->addWidget(sectionTitle(tr("What changes"), this));
    layout->addWidget(m_headline);
    layout->addWidget(m_dropped);
    layout->addWidget(splitter, 1);
    layout->addWidget(sectionTitle(tr("What ReleaseDeck will do"), this));
    layout->addWidget(steps);

    if (typedConfirmation) {
        // A protected environment: typing its name is a deliberate act that a stray Enter is not.
        auto *row = new QHBoxLayout;
        auto *prompt = new QLabel(tr("%1 is protected. Type <b>%1</b> to confirm:").arg(plan.environment.toHtmlEscaped()), this);
        m_typed = new QLineEdit(this);
        m_typed->setObjectName(u"typedConfirmation"_s);
        m_typed->setPlaceholderText(plan.environment);
        m_typed->setMaximumWidth(240);
        prompt->setBuddy(m_typed);
        row->addWidget(prompt);
        row->addWidget(m_typed);
        row->addStretch(1);
        auto *frame = new QFrame(this);
        frame->setObjectName(u"protectedFrame"_s);
        frame->setLayout(row);
        frame->setStyleSheet(u"QFrame#protectedFrame { background: #fde8e8; border: 1px solid #c62828; border-radius: 4px; }"_s);
        layout->addWidget(frame);
        connect(m_typed, &QLineEdit::textChanged, this, &PromoteDialog::updateConfirm);
    }
    layout->addWidget(buttons);
    updateConfirm();
    // Never default to confirming: Enter in the dialog must not ship to production.
    m_confirm->setAutoDefault(false);
    m_confirm->setDefault(false);
    resize(900, 680);
}

PromoteDialog::~PromoteDialog() = default;

void PromoteDialog::updateConfirm()
{
    const bool typed = !m_typed || m_typed->text() == m_plan.environment;
    const bool reasoned = !m_override || m_override->text().trimmed().size() >= MinOverrideReason;
    m_confirm->setEnabled(typed && reasoned && !m_plan.steps.isEmpty());
}

void PromoteDialog::requireOverrideReason(const QString &freeze, std::shared_ptr<QString> reason)
{
    if (freeze.isEmpty() || m_override)
        return;
    m_reason = std::move(reason);
    auto *frame = new QFrame(this);
    frame->setObjectName(u"freezeFrame"_s);
    frame->setStyleSheet(u"QFrame#freezeFrame { background: #e3f2fd; border: 1px solid #1565c0; border-radius: 4px; }"_s);
    auto *column = new QVBoxLayout(frame);
    m_freeze = new QLabel(u"❄ "_s + freeze, frame);
    m_freeze->setObjectName(u"freezeReason"_s);
    m_freeze->setWordWrap(true);
    auto *row = new QHBoxLayout;
    auto *prompt = new QLabel(tr("Reason for overriding the freeze (recorded in the audit log):"), frame);
    m_override = new QLineEdit(frame);
    m_override->setObjectName(u"overrideReason"_s);
    m_override->setMaxLength(500);
    m_override->setPlaceholderText(tr("e.g. hotfix for the checkout outage, approved by the on-call lead"));
    prompt->setBuddy(m_override);
    row->addWidget(prompt);
    row->addWidget(m_override, 1);
    column->addWidget(m_freeze);
    column->addLayout(row);
    // Just above the buttons, where the person looks before confirming.
    auto *box = qobject_cast<QVBoxLayout *>(layout());
    box->insertWidget(box->count() - 1, frame);
    connect(m_override, &QLineEdit::textChanged, this, &PromoteDialog::updateConfirm);
    connect(this, &QDialog::accepted, this, [this] {
        if (m_reason)
            *m_reason = m_override->text().trimmed();
    });
    updateConfirm();
}

void PromoteDialog::showChanges(const ChangeRequest &request)
{
    const quint64 generation = ++m_generation;
    QPointer<PromoteDialog> self(this);
    QtConcurrent::run(loadChangeSummary, request).then(this, [self, generation](ChangeSummary summary) {
        if (self && generation == self->m_generation)
            self->showSummary(summary);
    });
}

void PromoteDialog::showSummary(const ChangeSummary &summary)
{
    m_headline->setText(summary.headline());
    m_commits->clear();
    m_files->clear();
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    for (const git::ChangelogEntry &entry : summary.ahead) {
        auto *item = new QTreeWidgetItem(m_commits, {entry.commit.shortId(), entry.commit.subject, entry.commit.author,
                                                     entry.commit.time.toString(u"yyyy-MM-dd"_s)});
        item->setFont(0, mono);
        item->setToolTip(1, entry.commit.body.isEmpty() ? entry.commit.subject : entry.commit.subject + u"\n\n"_s + entry.commit.body);
    }
    for (const git::FileChange &file : summary.files) {
        auto *item = new QTreeWidgetItem(m_files, {QString(git::changeStatusLetter(file.status)), file.path,
                                                   file.binary ? tr("bin") : QString::number(file.insertions),
                                                   file.binary ? QString() : QString::number(file.deletions)});
        item->setForeground(2, QColor(0x2e, 0x7d, 0x32));
        item->setForeground(3, QColor(0xc6, 0x28, 0x28));
        item->setTextAlignment(2, Qt::AlignRight);
        item->setTextAlignment(3, Qt::AlignRight);
    }
    if (!summary.behind.isEmpty()) {
        m_dropped->setText(tr("⚠ %n commit(s) that %1 runs now are not in %2 and would be dropped.", nullptr, int(summary.behind.size()))
                               .arg(m_plan.environment, m_plan.to));
        m_dropped->show();
    }
    Q_EMIT changesLoaded();
}

} // namespace rd::ui
