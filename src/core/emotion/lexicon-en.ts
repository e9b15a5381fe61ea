import type { EmotionLabel } from '../../shared/domain.js';

/**
 * Hand-written English emotion lexicon (ours, written from everyday usage, not derived from any dataset).
 * Entry syntax: "word" matches the exact token, "stem*" matches any token starting with the stem,
 * an optional "=w" sets the weight (default 1). Labels follow the Ekman-7 set; the wider
 * GoEmotions sense is kept in mind (gratitude/approval/amusement count as joy, annoyance as anger,
 * disappointment/embarrassment/remorse as sadness, confusion/curiosity/realisation as surprise).
 */
export const EN_LEXICON: Record<Exclude<EmotionLabel, 'neutral'>, string[]> = {
  joy: [
    'happy=1.5', 'happi*=1.5', 'glad=1.5', 'joy*=1.5', 'delight*=1.5', 'cheer*', 'excit*=1.5', 'thrill*=1.5',
    'love=1.5', 'loved=1.3', 'lovely=1.5', 'loving', 'loves=1.3', 'adore*=1.5', 'great', 'awesome=1.5', 'amazing=1.5',
    'wonderful=1.5', 'fantastic=1.5', 'excellent=1.5', 'brilliant=1.3', 'beautiful=1.3', 'perfect', 'nice', 'cool',
    'fun=1.3', 'funny=1.5', 'hilarious=2', 'lol=2', 'lmao=2', 'rofl=2', 'haha*=2', 'hehe*=1.5', 'lmfao=2',
    'thank*=2', 'thx=2', 'grateful=2', 'appreciat*=1.5', 'congrat*=2', 'proud=1.5', 'relie*=1.3', 'hope=1',
    'hopeful=1.3', 'hoping', 'optimis*', 'best=1', 'good=0.8', 'better=0.5', 'enjoy*=1.5', 'pleas*=0.8', 'yay=2',
    'woohoo=2', 'hooray=2', 'celebrat*', 'smile*', 'laugh*=1.3', 'agree*=1.2', 'yes=0.6', 'yeah=0.4', 'sure=0.4',
    'welcome=1.3', 'sweet=1.2', 'cute=1.5', 'adorable=1.5', 'impress*=1.2', 'incredible=1.2', 'glory', 'win', 'won',
    'winning', 'blessed=1.3', 'calm=0.5', 'peaceful', 'safe=0.5', 'fine=0.4', 'ok=0.3', 'okay=0.3', 'kind=0.8',
    'care=0.8', 'caring=1', 'hug*=1.2', 'wish=0.7', 'want=0.3', 'excited=2', 'fav*=1.3', 'favourite=1.3',
    'favorite=1.3', 'luck*=1', 'glorious', 'gorgeous=1.3', 'fabulous=1.5', 'stoked=1.5', 'ecstatic=2', 'content',
    'satisf*', 'well done=1.5', 'bravo=1.5', 'respect=0.8', 'admire*=1.3', 'genius=1', 'legend*', 'praise*',
    'heartwarming=1.5', 'wholesome=1.5', 'rock*=0.3', 'dream*=0.5', 'like=0.3', 'liked=0.6', 'likes=0.4',
  ],
  sadness: [
    'sad=2', 'sadly=1.3', 'sadness=2', 'unhappy=2', 'depress*=2', 'miserable=2', 'cry*=1.5', 'cried=1.5', 'tear*=0.8',
    'lonely=2', 'alone=1.2', 'loneli*=2', 'miss=1', 'missed=0.7', 'missing=0.8', 'grief=2', 'griev*=2', 'mourn*=2',
    'heartbr*=2', 'broken=1', 'hurt*=1', 'pain*=1', 'sorry=1.5', 'apolog*=1.3', 'regret*=1.5', 'guilt*=1.5',
    'ashamed=1.5', 'shame=1', 'embarrass*=1.5', 'awkward=1', 'disappoint*=2', 'unfortunat*=1.5', 'tired=1',
    'exhausted=1.2', 'hopeless*=2', 'empty=1', 'gloomy=1.5', 'down=0.4', 'upset=1.2', 'lost=0.8', 'lose=0.5',
    'losing=0.6', 'loss=1', 'died=1.5', 'dead=0.8', 'death=1', 'dying=0.8', 'rip=1.5', 'funeral=1.5', 'poor=1',
    'worst=0.8', 'bad=0.5', 'unlucky', 'failed=1.2', 'fail*=0.8', 'sucks=0.8', 'rough=0.7', 'struggl*=1',
    'suffer*=1.2', 'tragic*=1.5', 'tragedy=1.5', 'sorrow*=2', 'weep*=2', 'blue=0.3', 'bummer=1.5', 'ugh=0.6',
    'worthless=1.5', 'useless=0.8', 'pity=1', 'shame=0.8', 'damn=0.3', 'wish i=0.5', 'homesick=2', 'sigh*=1',
    'let down=1.5', 'disheart*=2', 'crushed=1.5', 'devastat*=2', 'dismal=1.5', 'cant=0.2',
  ],
  anger: [
    'angry=2', 'anger=2', 'mad=1.3', 'furious=2', 'rage*=2', 'hate*=2', 'hated=2', 'annoy*=2', 'irritat*=2',
    'frustrat*=1.8', 'pissed=2', 'stupid=1.5', 'idiot*=2', 'dumb=1.3', 'moron*=2', 'ridiculous=1.5', 'wtf=1.5',
    'damn=0.6', 'dammit=1.5', 'fuck*=1', 'shit=0.7', 'bullshit=1.8', 'crap=1', 'hell=0.5', 'outrag*=2',
    'unfair=1.5', 'wrong=1', 'disagree*=1.5', 'nonsense=1.5', 'worst=0.8', 'awful=0.8', 'terrible=0.8',
    'horrible=0.8', 'jerk=1.5', 'asshole=2', 'bitch*=1.2', 'dick=1', 'pathetic=1.5', 'shut=1', 'blame*=1.2',
    'fault=0.8', 'liar*=1.5', 'lie=0.8', 'lies=1', 'lying=1', 'sick of=2', 'fed up=2', 'enough=0.4',
    'ugh=0.6', 'argh*=1.5', 'grr*=1.5', 'offend*=1.5', 'insult*=1.5', 'resent*=1.8', 'bitter=1', 'hostile=1.5',
    'yell*=1.2', 'scream*=0.8', 'shout*=1', 'toxic=1.2', 'trash=1', 'garbage=1', 'fight*=0.6', 'cheat*=1',
    'betray*=1.5', 'screw*=1', 'rude=1.5', 'selfish=1.3', 'incompetent=1.5', 'bad=0.5', 'no=0.2', 'not=0.1',
    'nope=0.6', 'don\'t=0.15', 'stop=0.5', 'fascist*=1.8', 'bigot*=1.8', 'racist*=1.5', 'nazi*=1.5', 'sociopath*=1.5',
    'troll*=1', 'scoff*=1.2', 'disingenuous=1.5', 'hypocrit*=1.8', 'manipulat*=1', 'attack*=0.6', 'ass=1', 'motherf*=1.5',
    'bloody=0.8', 'kill you=1.5', 'how dare=2', 'shame on=2', 'disgrace*=1.5', 'clown=1',
    'cunt*=1.5', 'prick=1.5', 'douche*=1.5', 'loser*=1.2', 'ignorant=1.5', 'entitled=1.2', 'stfu=2', 'gtfo=2', 'smh=1.2',
    'absurd=1.2', 'unacceptable=1.5', 'hypocrisy=1.8', 'greed*=1', 'corrupt*=1', 'cringey=0.5', 'sick of=2', 'should=0.3', 'never=0.2', 'worse=0.6', 'sucks=0.8', 'suck=0.8',
  ],
  fear: [
    'afraid=2', 'scared=2', 'scary=1.8', 'scare=1.5', 'scares=1.8', 'fear*=2', 'frighten*=2', 'terrif*=2',
    'horrif*=1.3', 'panic*=2', 'anxious=2', 'anxiety=2', 'nervous*=2', 'worry=1.8', 'worried=2', 'worries=1.8',
    'worrying=1.8', 'stress*=1.3', 'tense=1.3', 'dread*=2', 'creep*=1.3', 'spooky=1.3', 'threat*=1.2', 'danger*=1.3',
    'unsafe=1.5', 'alarm*=1', 'uneasy=1.5', 'paranoi*=1.5', 'phobia=1.5', 'shaking=1.2', 'trembl*=1.5',
    'nightmare*=1.5', 'horror=1.3', 'risk*=0.6', 'hesita*=0.8', 'insecure=1.2', 'overwhelm*=1.2', 'freak*=1',
    'yikes=1.3', 'eek=1.3', 'concern*=1', 'unsure=0.5', 'careful=0.6', 'help=0.5', 'doom*=1',
  ],
  disgust: [
    'disgust*=2.5', 'gross=2', 'eww*=2.5', 'ew=2.5', 'yuck*=2.5', 'nasty=1.8', 'vile=2', 'repuls*=2.5', 'revolt*=1.8',
    'sicken*=2', 'sick=0.6', 'nause*=1.5', 'vomit*=1.5', 'puke=1.5', 'filthy=1.8', 'dirty=0.8', 'creepy=1',
    'cringe*=1.5', 'appall*=2', 'abhor*=2', 'loath*=1.5', 'despicable=2', 'pervert*=1.5', 'horrible=0.6',
    'awful=0.5', 'stinks=1.2', 'smell*=0.5', 'rotten=1.5', 'sleazy=1.5', 'shameful=1.3',
  ],
  surprise: [
    'wow=2', 'whoa=2', 'woah=2', 'omg=1.5', 'surpris*=2', 'shock*=1.5', 'unexpected*=1.5', 'astonish*=2',
    'amaz*=0.6', 'unbeliev*=1.2', 'believe=0.4', 'really=0.3', 'seriously=0.6', 'suddenly=0.8', 'stunned=1.5',
    'speechless=1.5', 'what=0.4', 'why=0.6', 'how=0.4', 'huh=1.5', 'wonder*=1', 'curious*=1.8', 'confus*=2',
    'realiz*=1.5', 'realis*=1.5', 'didn\'t know=1.5', 'interesting=1.5', 'weird=0.8', 'strange=0.8', 'odd=0.6',
    'puzzl*=1.5', 'idea=0.3', 'question*=0.6', 'explain=0.8', 'understand=0.4', 'mean=0.3', 'actually=0.3',
    'oh=0.8', 'no way=1.5', 'holy=1',
  ],
};
