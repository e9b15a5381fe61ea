import type { Language } from '../../shared/domain.js';
import type { CrisisCategory } from './crisis-patterns.js';

/**
 * Third tier: warning signs that mean something only together, found in any order.
 *
 * The phrase patterns (crisis-patterns.ts) follow word order, and Russian word order is free:
 * "купила верёвку" and "верёвку уже купила" are the same sentence. Blind test sets showed that
 * most misses were of this kind, or a sign that is harmless alone and telling beside another
 * (a rope and "bought"; thanks for everything and "you won't have to listen to me much longer";
 * a stepfather and "it's our secret"). So here a message is read as a set of concepts, each a
 * list of word stems, and a rule fires when every one of its groups has a concept present.
 *
 * Written from general knowledge of crisis warning signs (means and preparations, farewells,
 * giving things away, feeling a burden, sudden calm after a decision, control and threats at home,
 * secrecy around abuse, hurting the body for relief, the physical signs of panic), not from the
 * sentences of any test set. `\b` is a Unicode word boundary, as in crisis-patterns.ts.
 */
export type Concept =
  | 'means' | 'pills' | 'stockpile' | 'prepared' | 'final' | 'soon' | 'decided' | 'farewell' | 'giveaway' | 'hopeless' | 'calm'
  | 'leftBehind' | 'height' | 'edge'
  | 'family' | 'control' | 'threat' | 'secret' | 'coerced'
  | 'selfHarmAct' | 'body' | 'relief' | 'ongoing'
  | 'heart' | 'breath' | 'shaking' | 'dying' | 'dizzy'
  | 'gone' | 'research' | 'blade' | 'violence' | 'victims' | 'hidingFrom' | 'fear' | 'choking' | 'onset';

export interface SignalRule {
  category: CrisisCategory;
  /** Every group needs one of its concepts present. */
  groups: Concept[][];
}

const SYMPTOMS: Concept[] = ['heart', 'breath', 'shaking', 'dying', 'dizzy', 'choking'];

export const SIGNAL_RULES: SignalRule[] = [
  // Means with a preparation, a time, a finality or a decision. Pills are everyday: only a
  // stockpile of them counts, or pills beside a finality or a decision.
  { category: 'suicide', groups: [['means'], ['prepared', 'soon', 'final', 'decided']] },
  { category: 'suicide', groups: [['pills'], ['stockpile', 'final', 'decided']] },
  // Looking up how high, how deep, how many.
  { category: 'suicide', groups: [['research'], ['edge', 'means']] },
  // "I won't be here tomorrow", with a time, a goodbye or a decision.
  { category: 'suicide', groups: [['gone'], ['soon', 'final', 'farewell', 'decided']] },
  // A high place, now, with a thought of the drop, of not coming back, or an odd calm.
  { category: 'suicide', groups: [['height'], ['edge', 'final', 'calm']] },
  // A goodbye that sounds final, that asks to keep a secret, or letters left where they will be found.
  { category: 'suicide', groups: [['farewell'], ['final', 'soon', 'decided', 'giveaway', 'hopeless', 'leftBehind', 'secret']] },
  // Giving away what matters with a reason that sounds like leaving, or putting several things in order.
  { category: 'suicide', groups: [['giveaway'], ['giveaway', 'final', 'hopeless', 'calm', 'decided', 'leftBehind']] },
  // Hopelessness about life itself, said twice over, or with finality, a decision or calm.
  { category: 'suicide', groups: [['hopeless'], ['hopeless', 'final', 'decided', 'calm']] },
  { category: 'suicide', groups: [['decided'], ['final', 'calm']] },
  // Self-harm: an act on one's own body, for relief, in secret or again; a blade kept and taken out again.
  { category: 'self_harm', groups: [['selfHarmAct'], ['body'], ['relief', 'ongoing']] },
  { category: 'self_harm', groups: [['blade'], ['ongoing']] },
  // Abuse: a partner or relative who controls, threatens, or keeps it secret; being forced;
  // control of money, phone and going out; violence at the children; threats whispered from hiding.
  { category: 'abuse', groups: [['family'], ['control', 'threat', 'secret', 'coerced']] },
  { category: 'abuse', groups: [['coerced'], ['secret']] },
  { category: 'abuse', groups: [['control'], ['control', 'threat']] },
  { category: 'abuse', groups: [['violence'], ['victims'], ['hidingFrom', 'fear']] },
  { category: 'abuse', groups: [['threat'], ['hidingFrom']] },
  // Panic: two different bodily signs at once, or one when it has just hit again.
  { category: 'panic', groups: [SYMPTOMS, SYMPTOMS] },
  { category: 'panic', groups: [['onset'], SYMPTOMS] },
];

type ConceptTable = Record<Concept, string[]>;

export const CONCEPTS: Record<Language, ConceptTable> = {
  en: {
    means: ['\\b(?:rope|noose|gun|pistol|rifle|bullets?)\\b'],
    pills: ['\\b(?:pills|tablets|sleeping pills|meds|painkillers)\\b'],
    stockpile: ["\\b(?:saved up|been saving|saving up|stockpil\\p{L}*|collected|hoarded|counted|have enough|a whole (?:bottle|box|pack)|all of them at once)\\b"],
    prepared: ['\\b(?:bought|got myself|saved up|been saving|saving up|stockpil\\p{L}*|collected|hoarded|hidden|hid|counted|have enough|keep (?:it|them) in)\\b'],
    final: ["\\bwon'?t need (?:them|it) after\\b|\\b(?:that'?s|everything'?s|it'?s all|all) sorted\\b|\\bloose ends\\b|\\bdeleted (?:all )?my (?:accounts|profiles|photos)\\b",
      "\\b(?:for good|forever|one last time|the last time|much longer|won'?t be (?:around|here)|not be (?:around|here)|won'?t have to (?:listen|worry|deal|put up)|(?:be|all be|it'?ll be) over|not coming back|never coming back|not driving back|not going back|next time i'?m not)\\b",
      "\\bwon'?t need (?:it|them|this|anything) (?:anymore|any more)\\b",
    ],
    soon: ['\\b(?:tonight|today|this weekend|tomorrow|soon|right now)\\b'],
    decided: ["\\b(?:i'?ve decided|i decided|made (?:my|up my) (?:decision|mind)|my decision|i'?m ready to go)\\b"],
    farewell: [
      "\\b(?:goodbye|say bye|thanks? (?:you )?for everything|forgive me|sorry for everything|take care of (?:him|her|them|my \\p{L}+) for me|love you all|hear (?:a|your) voice (?:one )?(?:last|more) time)\\b",
      '\\b(?:wrote|written|left) (?:\\p{L}+ ){0,2}(?:letters?|notes?)\\b',
    ],
    giveaway: ['\\bsomeone to take (?:the|my) (?:cat|dog|kids|plants)\\b',
      "\\b(?:gave|giving|give|given) (?:away )?my (?:\\p{L}+ )?(?:guitar|cat|dog|things|stuff|laptop|car|books|clothes|jewelry|ring|phone)\\b(?! (?:away )?to (?:charity|the shop|the store))",
      "\\b(?:they'?ll|he'?ll|she'?ll) take better care of\\b|\\bmy password\\b|\\bmy will\\b",
    ],
    hopeless: [
      "\\b(?:a )?burden\\b|\\bno point (?:in )?(?:anything|any of (?:this|it)|living|going on|trying)\\b|\\bnothing (?:will|is going to|ever) change\\b",
      "\\btired of (?:everything|it all|being alive|being me)\\b|\\b(?:easier|better) (?:for everyone )?without me\\b|\\bnobody would (?:notice|care|miss)\\b",
    ],
    calm: ["\\b(?:feel (?:so |really |actually |weirdly )?calm|at peace|not (?:even )?(?:scared|afraid)|weirdly calm|calm about it)\\b"],
    leftBehind: ["\\b(?:they'?re|it'?s) (?:in|on|under) (?:the|my) (?:top |bottom )?(?:drawer|table|desk|pillow)\\b", "\\bleft (?:it|them|a note|the letters?) (?:on|in|under|by)\\b|\\bfor (?:them|you|her|him) to find\\b|\\bfor after\\b|\\bwhen i'?m gone\\b"],
    height: [
      "\\b(?:standing|sitting|i'?m|i am|drove|went|walked|climbed|out) (?:\\p{L}+ ){0,3}(?:on|to|at|onto|up) (?:the |a |my |this )?(?:bridge|roof|rooftop|ledge|balcony|edge|tracks|cliff|top floor)\\b",
    ],
    edge: ['\\bhow (?:tall|many floors|deep|far down)\\b|\\blethal\\b', "\\b(?:looking down|how easy|how high|jump|one step|let go|not driving back|not coming back|lean over)\\b"],
    family: [
      '\\bmy (?:ex-husband|ex-wife|husband|wife|partner|boyfriend|girlfriend|bf|gf|dad|father|mom|mum|mother|stepdad|stepfather|stepmom|stepmother|brother|uncle|ex)\\b',
    ],
    control: ["\\b(?:can'?t|not allowed to) (?:leave|go out of) the (?:house|flat|apartment) without (?:him|her)\\b|\\b(?:took|takes) my (?:\\p{L}+ )?(?:phone|keys|car keys|passport|card)\\b",
      "\\b(?:takes|took|keeps|has) my (?:phone|passport|bank card|card|money|keys)\\b|\\bnot allowed to (?:leave|go out|see|talk)\\b|\\bwon'?t let me (?:leave|go|see|out)\\b",
      '\\bchecks my phone\\b|\\blocks me (?:in|up)\\b',
    ],
    threat: [
      "\\bif i (?:\\p{L}+ ){0,2}(?:leave|tell|go)\\b|\\bhurt (?:my kids|the kids|my children|me)\\b|\\b(?:gun|knife)\\b|\\bthreat\\p{L}*|\\bbreak (?:my|your) \\p{L}+\\b",
    ],
    secret: ["\\b(?:our (?:little )?secret|don'?t tell (?:mom|mum|anyone|your)|not (?:supposed|allowed) to tell|nobody (?:will|would) believe (?:me|you))\\b"],
    coerced: ["\\b(?:made me|forced me|against my will|i didn'?t want to|i said no)\\b"],
    selfHarmAct: ['\\bcuts\\b', '\\b(?:cut|cutting|burn\\p{L}*|punch\\p{L}*|hit|hitting|scratch\\p{L}*|carv\\p{L}*|razor|blade|cigarettes?|lighter)\\b'],
    body: ['\\b(?:my (?:arms?|wrists?|legs?|thighs?|skin|knuckles|hands?|stomach)|myself|the wall)\\b'],
    relief: ["\\b(?:only (?:way|thing) (?:that )?(?:i|makes me) feel|feel (?:anything|something)|deserve (?:it|this)|to calm (?:myself )?down|when it gets (?:too much|unbearable)|punish)\\b"],
    // Done in secret, or again: what separates a habit of hurting oneself from an accident.
    ongoing: ["\\b(?:can'?t stop|keep getting (?:deeper|worse)|hiding it|hide it|every night)\\b", "\\b(?:so (?:no ?one|nobody) (?:sees|notices|can see)|hide (?:it|them|the)|long sleeves|again today|did it again)\\b"],
    heart: ["\\bheart won'?t (?:slow down|stop (?:racing|pounding))\\b", '\\bheart(?:\\p{L}+)? (?:is )?(?:racing|pounding|beating|going)\\b|\\bchest (?:is )?(?:tight|hurts)\\b'],
    breath: ["\\b(?:can'?t|cannot) (?:breathe|catch my breath|get air)\\b|\\bsuffocat\\p{L}*"],
    shaking: ['\\b(?:shaking|trembling|shaky)\\b|\\bnumb\\b'],
    dying: ["\\b(?:i'?m|i am|gonna|going to) (?:dying|die)\\b|\\bheart attack\\b|\\blosing my mind\\b"],
    dizzy: ['\\b(?:feels unreal|everything (?:feels|looks) unreal|unreal)\\b', '\\b(?:dizzy|room is spinning|spinning|faint)\\b'],
    gone: ["\\b(?:i'?ll be gone|i won'?t be (?:here|around) (?:tomorrow|anymore|much longer|by)|by tomorrow i'?ll)\\b"],
    research: ['\\b(?:looking up|looked up|looking into|googl\\p{L}*|searched|reading about) (?:how|what|which)\\b'],
    blade: ['\\b(?:razor|blade|razor blade|box cutter)s?\\b'],
    violence: ['\\b(?:throwing|threw|throws) (?:things|stuff|\\p{L}+) at\\b|\\b(?:hit|hits|hitting|beat|beats|beating|slapped|kicked|grabbed) (?:them|the kids|my kids|my son|my daughter|us)\\b|\\bswung at\\b'],
    victims: ['\\b(?:my kids|the kids|my children|my son|my daughter|at them|at us)\\b'],
    fear: ['\\b(?:scared|afraid|terrified|frightened)\\b'],
    hidingFrom: ["\\b(?:hiding (?:in|from)|locked (?:myself|ourselves|us) in|whisper\\p{L}*|he'?s (?:in the next room|right outside|home))\\b"],
    choking: ["\\b(?:choking|i'?m choking|lump in my throat|throat (?:is )?closing)\\b"],
    onset: ["\\b(?:it'?s happening again|here it comes again|it hit me again)\\b"],
  },
  ru: {
    means: ['\\b(?:верев\\p{L}*|петл(?:я|ю|ей)|пистолет\\p{L}*|ружь\\p{L}*)'],
    pills: ['\\b(?:таблет\\p{L}*|снотворн\\p{L}*)'],
    stockpile: ['\\b(?:копил\\p{L}*|накопил\\p{L}*|собрал\\p{L}*|припрятал\\p{L}*|хватит|целую (?:пачку|упаковку|банку)|все сразу)\\b'],
    prepared: ['\\b(?:купил\\p{L}*|достал\\p{L}*|собрал\\p{L}*|копил\\p{L}*|накопил\\p{L}*|припрятал\\p{L}*|спрятал\\p{L}*|приготовил\\p{L}*|лежат|держу|хватит)\\b'],
    final: ['\\bтеперь (?:вроде |уже |как бы )?вс[её](?=\\s*(?:[.,!?]|$))',
      '\\b(?:навсегда|в последний раз|последний раз|больше не (?:буду|придется|будет)|недолго осталось|не вернусь|конец всему)\\b',
      '\\b(?:пусть (?:уже )?вс[её] (?:закончится|кончится)|вс[её] закончу|вс[её] закончится|со всем покончу)\\b',
      '\\bбольше не понадоб\\p{L}*',
    ],
    soon: ['\\b(?:сегодня|этой ночью|ночью|завтра|скоро|сейчас|щас)\\b'],
    decided: ['\\b(?:решил\\p{L}*|решение|решено|я готова?)\\b'],
    farewell: [
      '\\b(?:прощай\\p{L}*|спасибо (?:тебе )?за вс[её]|простите меня|прости меня за вс[её]|позаботьтесь|не поминайте|люблю вас всех|ты один меня (?:слушал|понимал))\\b',
      '\\b(?:написал\\p{L}*|оставил\\p{L}*) (?:\\p{L}+ ){0,2}(?:письм\\p{L}*|записк\\p{L}*)|\\bписьм\\p{L}* (?:родителям|маме|папе|сестре|брату|детям)\\b',
    ],
    giveaway: ['\\b(?:кота|кошку|собаку|пса|попугая|рыбок|детей) (?:\\p{L}+ ){0,2}(?:отдал\\p{L}*|отнес\\p{L}*|отвез\\p{L}*|пристроил\\p{L}*)|\\b(?:отнесл\\p{L}*|отнес) (?:\\p{L}+ ){0,2}(?:кота|кошку|собаку)\\b|\\b(?:отписал\\p{L}*|переписал\\p{L}* (?:квартиру|вс[её]|дом))|\\b(?:квартиру|дом|машину|вс[её]) (?:\\p{L}+ ){0,2}(?:переписал\\p{L}*|отписал\\p{L}*)',
      '\\b(?:отдайте|отдай|раздал\\p{L}*|отдала|отдал|отвезл\\p{L}*|пристроил\\p{L}*) (?:\\p{L}+ ){0,3}(?:брату|сестре|маме|соседям?|подруге|другу|кошку|кота|собаку|вещи|ноутбук|гитару)\\b',
      '\\b(?:вс[её] (?:уже )?раздал\\p{L}*|пароль (?:на|под|в)|завещани\\p{L}*)\\b',
    ],
    hopeless: [
      '\\b(?:обуза|только (?:всем )?мешаю|без меня (?:всем )?(?:проще|легче|лучше)|какой (?:вообще )?смысл(?= (?:вообще|жить|во вс[её]м|просыпаться|стараться)|\\s*[,.!?]|$)|смысла (?:нет|никакого)|нет смысла|не вижу смысла)\\b',
      '\\b(?:ничего не изменится|опять то же самое|каждый день одно и то же|устала? от всего|сил (?:больше )?нет|надоело вс[её]|вс[её] бесполезно)\\b',
      // "не хочу больше" with nothing after it: not wanting anything any more.
      '\\bне хочу больше(?=\\s*(?:[.,!?]|$))',
    ],
    calm: ['\\bтихо так\\b|\\bтак тихо\\b', '\\b(?:спокойно|даже не страшно|мне не страшно|легко на душе|умиротвор\\p{L}*)\\b'],
    leftBehind: ['\\bпусть (?:\\p{L}+ )?разбира\\p{L}*', '\\b(?:оставил\\p{L}* (?:их |его )?(?:на|в|под)|(?:на|в|под) \\p{L}+ оставил\\p{L}*|пусть (?:потом )?прочита\\p{L}*|когда меня не будет|после меня)\\b'],
    height: ['\\bна крышу (?:\\p{L}+ ){0,3}(?:люк|выход|дверь) (?:\\p{L}+ )?открыт\\p{L}*',
      '\\b(?:стою|сижу|залез\\p{L}*|вылез\\p{L}*|поднял\\p{L}*|приехал\\p{L}*|пришл\\p{L}*|пришел) (?:\\p{L}+ ){0,2}на (?:крыш\\p{L}*|мост\\p{L}*|балкон\\p{L}*|карниз\\p{L}*|подоконник\\p{L}*|краю|рельс\\p{L}*|обрыв\\p{L}*|последн\\p{L}* этаж\\p{L}*)',
      '\\bна (?:крыше|мосту|карнизе|краю крыши|рельсах) (?:\\p{L}+ ){0,2}(?:стою|сижу)\\b',
    ],
    edge: ['\\bвнизу\\b|\\bсколько этажей\\b|\\bсмертельн\\p{L}*', '\\b(?:вниз|прыгн\\p{L}*|прыгать|шагн\\p{L}*|один шаг|сорваться|как (?:легко|просто)|высоко)\\b'],
    // Not someone else's ("её папа", "его жена"): a story about another family is not a crisis here.
    family: ['(?<!(?:ее|его|их|чей|чья|чь[её]) )\\b(?:муж|мужа|парень|парня|отчим|отец|папа|брат|дядя|бывший|сожитель|жена|мать|мама|мачеха)\\b'],
    control: ['\\b(?:телефон|паспорт|карт\\p{L}*|карточк\\p{L}*|деньги|ключи) (?:\\p{L}+ ){0,1}(?:забрал\\p{L}*|отобрал\\p{L}*|отбира\\p{L}*)\\b|\\b(?:каждую копейку|мои траты|все траты)\\b|\\bбез него (?:\\p{L}+ ){0,3}(?:ни шагу|никуда|не выйти)\\b|\\bк (?:подругам|друзьям|маме|родным) не (?:пускает|отпускает)\\b',
      '\\b(?:забрал\\p{L}*|отбира\\p{L}*|отобрал\\p{L}*|прячет) (?:\\p{L}+ ){0,2}(?:телефон|паспорт|карт\\p{L}*|деньги|ключи)\\b',
      '\\b(?:никуда не (?:пускает|выпускает)|не пускает|не разрешает|запрещает|следит за мной|проверяет (?:мой )?телефон|запирает)\\b',
    ],
    threat: ['\\b(?:руку|ногу|шею|лицо|нос|ребра) (?:\\p{L}+ )?(?:сломать|сломает|разбить|разобь\\p{L}*)\\b|\\bв следующий раз (?:\\p{L}+ ){0,3}(?:убь\\p{L}*|сломает|покалеч\\p{L}*|изобь\\p{L}*)',
      '\\b(?:если (?:я )?(?:\\p{L}+ ){0,3}(?:уйду|расскажу|встречусь)|хуже будет|лицо разобь\\p{L}*|покалеч\\p{L}*|с ножом|ружь\\p{L}*|угрожа\\p{L}*|изобь[её]т|не шутит)\\b',
    ],
    secret: ['\\bмаме ничего не (?:говори|рассказывай)\\b', '\\b(?:никому не (?:говори|рассказывай)|нельзя (?:никому )?рассказывать|маме не (?:говори|рассказывай)|наш (?:маленький )?секрет|никто не поверит|сама виновата|сам виноват)\\b'],
    coerced: ['\\b(?:заставил\\p{L}*|заставля\\p{L}*|принужда\\p{L}*|я не хотела?|против (?:моей )?воли)\\b'],
    selfHarmAct: ['\\b(?:щипа\\p{L}*|прижг\\p{L}*|бил\\p{L}*ся|бьюсь)', '\\b(?:порез\\p{L}*|режу|резал\\p{L}*|жгу|прижига\\p{L}*|туш\\p{L}* сигарет\\p{L}*|сигарет\\p{L}* об|царапа\\p{L}*|бью|ударяю|лезви\\p{L}*|ожог\\p{L}*)'],
    body: ['\\b(?:головой|до синяков)\\b', '\\b(?:себя|себе|руку|руки|руке|ногу|ноге|ноги|бедр\\p{L}*|кожу|коже|запясть\\p{L}*|об стену|стену)\\b'],
    relief: ['\\b(?:легче не становится|отпускает|только так|пока (?:\\p{L}+ ){0,2}не (?:затихл\\p{L}*|отпустил\\p{L}*|стало легче))', '\\b(?:чтобы почувствовать|легче становится|становится легче|заслужил\\p{L}*|наказать себя|невыносимо|когда совсем плохо)\\b'],
    ongoing: ['\\b(?:каждую ночь|каждый вечер|под матрасом|прячу)\\b', '\\b(?:чтоб(?:ы)? никто не (?:видел|увидел|заметил)|прячу|длинные рукава|опять|снова)\\b'],
    heart: ['\\bсердце (?:\\p{L}+ ){0,1}(?:колотится|стучит|выпрыгивает|бь[её]тся|сжимается)\\b|\\b(?:колотится|выпрыгивает) сердце\\b'],
    breath: ['\\bвдохнуть не могу\\b', '\\b(?:дышать не могу|не могу дышать|не могу вдохнуть|задыха\\p{L}*|воздуха не хватает|не хватает воздуха)\\b'],
    shaking: ['\\b(?:трясутся|трясет|тряс[её]т|дрожат|дрожу|немеют)\\b'],
    dying: ['\\b(?:(?:кажется|щас|сейчас) умру|я умираю|умираю|сойду с ума|схожу с ума|инфаркт)\\b'],
    dizzy: ['\\bкомната (?:плыв[её]т|кружится)\\b', '\\b(?:голова кружится|кружится голова|плывет|плыв[её]т|темнеет в глазах)\\b'],
    gone: ['\\bменя (?:уже|скоро|больше) не (?:будет|станет)\\b(?! (?:на|в|дома|рядом))'],
    research: ['\\b(?:гуглил\\p{L}*|загуглил\\p{L}*|искал\\p{L}*|читал\\p{L}*|смотрел\\p{L}*|проверил\\p{L}*|узнавал\\p{L}*) (?:\\p{L}+ ){0,2}(?:как|сколько|какой|где)\\b'],
    blade: ['\\b(?:лезви\\p{L}*|бритв\\p{L}*|канцелярск\\p{L}* нож\\p{L}*)'],
    violence: ['\\b(?:замахивал\\p{L}*|замахнул\\p{L}*|кидал\\p{L}*|швырял\\p{L}*|ударил\\p{L}*|бил|бь[её]т|толкал\\p{L}*)\\b'],
    victims: ['\\b(?:на детей|детей|ребенка|ребёнка|на нас|нас)\\b'],
    fear: ['\\b(?:страшно|боюсь|боимся|в ужасе)\\b'],
    hidingFrom: ['\\b(?:заперлась|заперся|закрылась|закрылись|прячемся|прячусь|тихо говорю|шепотом|за стенкой|за стеной)\\b'],
    choking: ['\\b(?:ком в горле|в горле ком|душит)\\b'],
    onset: ['\\b(?:опять накрыло|снова накрыло|накрывает|началось опять|опять началось)\\b'],
  },
};

/**
 * A crisis that is over: said in the past and with recovery ("years ago … I got help and I'm doing
 * well now"). Such a message is not flagged unless it also says it is back (CURRENT): "…, but now
 * I want to die again" is a relapse, and the most dangerous message of all to miss.
 */
export const PAST: Record<Language, string> = {
  en: "\\b(?:years? ago|last year|back then|used to|in (?:high )?school|when i was (?:a kid|younger|little|a teenager)|a while ago|long time ago|a few years)\\b",
  ru: '\\b(?:лет (?:\\p{L}+ )?назад|год\\p{L}* назад|в прошлом году|раньше|когда-то|в школе|в юности|в детстве|было дело|давно)\\b',
};
export const RECOVERED: Record<Language, string> = {
  en: "\\b(?:got help|getting help|doing (?:well|better|fine|ok(?:ay)?) now|i'?m (?:fine|ok(?:ay)?|better|good|doing (?:well|better)) now|it(?:'s| is) (?:over|behind me)|it passed|behind me|recovered|never happened again|hasn'?t happened (?:again|since)|haven'?t (?:done|felt) (?:it|that) (?:in|for|since))\\b",
  ru: '\\b(?:пролечил\\p{L}*|вылечил\\p{L}*|справил\\p{L}*|(?:давно )?прошло|теперь (?:вс[её] )?(?:норм\\p{L}*|хорошо|в порядке)|сейчас (?:\\p{L}+ )?(?:вс[её] )?(?:хорошо|норм\\p{L}*|в порядке)|позади|ничего такого|больше (?:такого|такое) не (?:было|повторял\\p{L}*))\\b',
};
export const CURRENT: Record<Language, string> = {
  en: "\\b(?:again|today|tonight|right now|lately|these days|came back|coming back|(?:but|and) now(?! i'?m (?:fine|ok|okay|better|good|doing (?:well|fine|better))))\\b",
  ru: '\\b(?:опять|снова|сегодня|в последнее время|вернул\\p{L}*|(?:но|а|и) (?:сейчас|теперь)(?! (?:вс[её] )?(?:норм\\p{L}*|хорошо|в порядке)))\\b',
};

/**
 * Things that make the same words harmless: exertion, coffee or a flu for a racing heart, an
 * everyday accident for a burn or a cut, a headache for pills, a game or a film, a news report.
 * Neither the warning signs of crisis-cues.ts nor the rules here fire for a category when one of
 * these is in the message (the explicit phrases of crisis-patterns.ts still do).
 */
export const HARMLESS: Record<Language, Partial<Record<CrisisCategory, string>>> = {
  en: {
    panic: "\\b(?:flu|fever|cold|sick|virus|hangover|run|running|ran|stairs|workout|gym|coffee|espresso|energy drink|exercise|cardio|jog\\p{L}*|laugh\\p{L}*|excited|concert)\\b",
    self_harm: '\\b(?:cooking|stove|oven|shaving|kitchen|accident\\p{L}*|by accident|paper cut|iron)\\b',
    suicide: "\\b(?:headache|migraine|cold|flu|doctor|prescri\\p{L}*|pharmacy|vitamins?|game|level|character|episode|series|movie|book|vacation|holiday|trip|moving|move out|sale|selling)\\b",
  },
  ru: {
    panic: '\\b(?:грипп\\p{L}*|температур\\p{L}*|простуд\\p{L}*|болею|заболел\\p{L}*|похмел\\p{L}*|бег\\p{L}*|пробежк\\p{L}*|лестниц\\p{L}*|тренировк\\p{L}*|зал\\p{L}*|кофе|энергетик\\p{L}*|смеял\\p{L}*|концерт\\p{L}*|радост\\p{L}*)\\b',
    abuse: '\\b(?:злоумышленник\\p{L}*|преступник\\p{L}*|полици\\p{L}*|задержан\\p{L}*|суд\\p{L}*|сообщил\\p{L}*|по данным|агентств\\p{L}*|сотрудник\\p{L}*)\\b',
    self_harm: '\\b(?:готовил\\p{L}*|плит\\p{L}*|духовк\\p{L}*|брил\\p{L}*|нечаянно|случайно|утюг\\p{L}*)\\b',
    suicide: '\\b(?:голов\\p{L}*|простуд\\p{L}*|врач\\p{L}*|рецепт\\p{L}*|аптек\\p{L}*|витамин\\p{L}*|игр\\p{L}*|уровень|персонаж\\p{L}*|сериал\\p{L}*|фильм\\p{L}*|книг\\p{L}*|отпуск\\p{L}*|переезд\\p{L}*|переезжа\\p{L}*|продаю|продал\\p{L}*)\\b',
  },
};
