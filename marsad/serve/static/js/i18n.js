// Labels in Arabic (default) and English, names in the reader's language, dates at the precision the news gives.

const STRINGS = {
  ar: {
    title: "مرصد — الدبلوماسية الاقتصادية", brand: "مرصد", tagline: "الدبلوماسية الاقتصادية في الأخبار العربية",
    skip: "تخطَّ إلى المحتوى", switchTo: "English",
    "nav.events": "الفعاليات", "nav.calendar": "التقويم", "nav.graph": "شبكة الفاعلين", "nav.map": "الخريطة",
    "nav.search": "البحث", "nav.api": "واجهة البرمجة", "nav.add": "إضافة مقال",
    from: "من", to: "إلى", type: "النوع", status: "الحالة", country: "الدولة", text: "نص", any: "الكل",
    apply: "تطبيق", reset: "مسح", loading: "جارٍ التحميل…", none: "لا نتائج.", error: "تعذّر التحميل",
    results: "{n} نتيجة", eventsCount: "{n} فعالية", prev: "السابق", next: "التالي", page: "صفحة {p}",
    place: "المكان", dates: "التاريخ", series: "السلسلة", edition: "الدورة", participants: "المشاركون",
    figures: "أرقام", evidence: "الأدلة", evidenceHelp: "الجمل التي تذكر الفعالية، مظلَّلة في نص المقال.",
    sources: "المصادر", source: "مصدر", openArticle: "فتح المقال", published: "تاريخ النشر", outlet: "الوسيلة",
    role: "الصفة", plover: "تصنيف PLOVER", undated: "بلا تاريخ", names: "الأسماء والصيغ", wikidata: "ويكي بيانات",
    roles: "الصفات عبر الزمن", firstSeen: "أول ظهور", lastSeen: "آخر ظهور", mentions: "الإشارات", times: "مرات",
    eventsOf: "الفعاليات", partners: "أكثر من يلتقيهم", sharedEvents: "{n} فعالية مشتركة",
    mentioned: "الكيانات المذكورة", citedBy: "فعاليات يذكرها المقال", search: "ابحث في المقالات",
    searchBtn: "بحث", searchHint: "يتجاهل البحث التشكيل وأل التعريف وحروف الجر الملتصقة.",
    graphHelp: "الفاعلون المشاركون في الفعاليات المختارة؛ سُمك الخط بعدد الفعاليات المشتركة.",
    graphEmpty: "لا توجد فعاليات بمشاركين لرسم الشبكة.", mapHelp: "أماكن الفعاليات؛ حجم الدائرة بعدد الفعاليات.",
    unplaced: "أماكن بلا إحداثيات", calendarHelp: "الفعاليات حسب الشهر؛ المرتقبة مميزة.",
    subscribe: "اشترك في تقويم الفعاليات المرتقبة (iCalendar)", monthOnly: "تاريخها معروف بالشهر فقط",
    today: "اليوم", download: "تنزيل", notFound: "غير موجود", entity: "كيان", article: "مقال",
    addTitle: "إضافة مقال", addHelp: "ألصق نص المقال (العنوان في السطر الأول) أو صفحة HTML؛ يلزم رمز الخادم.",
    token: "الرمز", articleText: "نص المقال", html: "HTML", add: "إضافة", added: "أُضيف المقال.",
    "type.summit": "قمة", "type.forum": "منتدى", "type.conference": "مؤتمر", "type.exhibition": "معرض",
    "type.meeting": "اجتماع", "type.visit": "زيارة", "type.agreement": "اتفاق", "type.launch": "إطلاق",
    "type.statement": "تصريح", "type.other": "أخرى",
    "status.planned": "مرتقب", "status.held": "انعقد", "status.cancelled": "أُلغي", "status.unknown": "غير معروف",
    "etype.PERSON": "شخص", "etype.ORG": "منظمة", "etype.GPE": "دولة أو مدينة", "etype.LOC": "موقع",
    "etype.FAC": "منشأة", "etype.EVENT_SERIES": "سلسلة فعاليات",
  },
  en: {
    title: "Marsad — economic diplomacy", brand: "Marsad", tagline: "Economic diplomacy in Arabic news",
    skip: "Skip to content", switchTo: "العربية",
    "nav.events": "Events", "nav.calendar": "Calendar", "nav.graph": "Actor network", "nav.map": "Map",
    "nav.search": "Search", "nav.api": "API", "nav.add": "Add an article",
    from: "From", to: "To", type: "Type", status: "Status", country: "Country", text: "Text", any: "Any",
    apply: "Apply", reset: "Clear", loading: "Loading…", none: "No results.", error: "Could not load",
    results: "{n} results", eventsCount: "{n} events", prev: "Previous", next: "Next", page: "Page {p}",
    place: "Place", dates: "Dates", series: "Series", edition: "Edition", participants: "Participants",
    figures: "Figures", evidence: "Evidence", evidenceHelp: "The sentences stating the event, highlighted in the article.",
    sources: "Sources", source: "source", openArticle: "Open the article", published: "Published", outlet: "Outlet",
    role: "Role", plover: "PLOVER category", undated: "undated", names: "Names and spellings", wikidata: "Wikidata",
    roles: "Roles over time", firstSeen: "First seen", lastSeen: "Last seen", mentions: "Mentions", times: "times",
    eventsOf: "Events", partners: "Meets most", sharedEvents: "{n} shared events",
    mentioned: "Entities mentioned", citedBy: "Events this article states", search: "Search the articles",
    searchBtn: "Search", searchHint: "Search ignores diacritics, the article al- and attached prepositions.",
    graphHelp: "Actors taking part in the selected events; edge width is the number of shared events.",
    graphEmpty: "No events with participants to draw.", mapHelp: "Where events take place; circle size is the number of events.",
    unplaced: "Places without coordinates", calendarHelp: "Events by month; planned ones stand out.",
    subscribe: "Subscribe to planned events (iCalendar)", monthOnly: "date known to the month only",
    today: "Today", download: "Download", notFound: "Not found", entity: "entity", article: "article",
    addTitle: "Add an article", addHelp: "Paste the article text (title on the first line) or an HTML page; the server's token is needed.",
    token: "Token", articleText: "Article text", html: "HTML", add: "Add", added: "Article added.",
    "type.summit": "Summit", "type.forum": "Forum", "type.conference": "Conference", "type.exhibition": "Exhibition",
    "type.meeting": "Meeting", "type.visit": "Visit", "type.agreement": "Agreement", "type.launch": "Launch",
    "type.statement": "Statement", "type.other": "Other",
    "status.planned": "Planned", "status.held": "Held", "status.cancelled": "Cancelled", "status.unknown": "Unknown",
    "etype.PERSON": "Person", "etype.ORG": "Organisation", "etype.GPE": "Country or city", "etype.LOC": "Location",
    "etype.FAC": "Facility", "etype.EVENT_SERIES": "Event series",
  },
};

export const EVENT_TYPES = ["summit", "forum", "conference", "exhibition", "meeting", "visit", "agreement", "launch",
  "statement", "other"];
export const EVENT_STATUSES = ["planned", "held", "cancelled", "unknown"];

let lang = localStorage.getItem("marsad.lang") === "en" ? "en" : "ar";

export function currentLang() { return lang; }

export function setLang(next) {
  lang = next === "en" ? "en" : "ar";
  localStorage.setItem("marsad.lang", lang);
  applyStatic();
}

/** A label in the current language, with {placeholders} filled from ``vars``. */
export function t(key, vars = {}) {
  const s = STRINGS[lang][key] ?? STRINGS.ar[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (_, k) => fmtNumber(vars[k] ?? ""));
}

/** An entity's or event's name in the current language, else its other name, else its id. */
export function nameOf(obj) {
  if (!obj) return "";
  return (lang === "en" ? obj.name_en || obj.name_ar : obj.name_ar || obj.name_en) || obj.id || "";
}

const locale = () => (lang === "en" ? "en-GB" : "ar-u-nu-latn");

export function fmtNumber(n) {
  return typeof n === "number" ? n.toLocaleString(locale()) : String(n);
}

/** "2019-07-09" → "9 July 2019"; "2019-07" → "July 2019"; "2019" → "2019". */
export function fmtDate(iso) {
  if (!iso) return "";
  const [y, m, d] = iso.split("-").map(Number);
  if (!m) return String(y);
  const date = new Date(Date.UTC(y, m - 1, d || 1));
  const opts = d ? { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }
    : { month: "long", year: "numeric", timeZone: "UTC" };
  return new Intl.DateTimeFormat(locale(), opts).format(date);
}

export function fmtRange(start, end) {
  if (!start) return t("undated");
  if (!end || end === start) return fmtDate(start);
  return `${fmtDate(start)} – ${fmtDate(end)}`;
}

export function monthName(year, month) {
  return new Intl.DateTimeFormat(locale(), { month: "long", year: "numeric", timeZone: "UTC" })
    .format(new Date(Date.UTC(year, month - 1, 1)));
}

export function weekdayNames(firstDay) {
  const names = [];
  for (let i = 0; i < 7; i++) {
    const day = new Date(Date.UTC(2024, 0, 7 + ((firstDay + i) % 7))); // 2024-01-07 is a Sunday
    names.push(new Intl.DateTimeFormat(locale(), { weekday: "short", timeZone: "UTC" }).format(day));
  }
  return names;
}

/** Static labels of the page shell (elements with data-i18n), the document's language and direction. */
export function applyStatic() {
  const root = document.documentElement;
  root.lang = lang;
  root.dir = lang === "ar" ? "rtl" : "ltr";
  document.title = t("title");
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  const btn = document.getElementById("lang");
  if (btn) {
    btn.textContent = t("switchTo");
    btn.lang = lang === "ar" ? "en" : "ar";
  }
}
