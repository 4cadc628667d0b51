"""Word lists for spotting names typed without capitals ("jack peters has crohn's").

A capitalised pair of words is a name candidate on its own; in lower case or
in capitals, a pair is only a candidate when its first word is a common given
name and its second a surname, or at least not an ordinary English word. The
lists are common names across the forum's readers (British, Irish, American,
South Asian, African, European); they are for recall, not a register of names.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


GIVEN_NAMES = _words(
    """
    aaron abbie abby abdul abdullah abigail ada adam adeel adele aditya adrian agnes ahmed aidan
    aiden aisha alan albert alec alex alexa alexander alexandra alexis alfie alfred ali alice
    alicia alison alistair amanda amara amber amelia amelie amina amir amy ana andre andrea andrew
    andy angela angus anika anita ann anna anne annie anthony anton archie arjun arlo arthur asha
    ashley aurora austin ava avery ayaan ayesha barbara barry beatrice beau bella ben benjamin
    bernard beth bethany betty beverley bilal billy blake bobby bonnie brandon brenda brian bridget
    brooke bruce bryony caitlin caleb callum cameron carl carla carly carlos carmen carol caroline
    carter casey cassie catherine cathy cecilia charles charlie charlotte chelsea chen chloe chris
    christian christina christine christopher ciara ciaran claire clara clare colin connor conor
    craig daisy dale damian daniel daniela danielle danny darius darren david dawn dean debbie
    deborah declan deepak denise dennis derek devon diana diane dominic donna dorothy dylan eddie
    edward eileen elaine eleanor eli elijah elise eliza elizabeth ella ellie elliot elliott eloise
    elsie emeka emily emma eric erin esme esther ethan eva evan evelyn evie ezra faisal farah fatima
    felix finlay finley finn fiona florence francesca francis freddie frederick freya gabriel
    gabriella gareth gary gavin gemma george georgia georgina gerald gina gordon graham greta gwen
    hamza hannah harley harper harriet harrison harry harvey hassan hayley hazel heather hector
    helen henry hugh hugo ian ibrahim imogen isaac isabel isabella isabelle isla isobel ivan jack
    jackson jacob jade jake james jamie jan jane janet jasmine jason jasper javier jayden jeffrey
    jennifer jenny jeremy jesse jessica jill jim jimmy joan joanna joanne jodie joe joel john jonah
    jonathan jordan jorge jose joseph josephine josh joshua judith julia julian julie justin kai
    karen karim kate katherine kathleen kathryn katie kayla keira keith kelly kenneth kevin kian
    kieran kim kirsty kofi kwame kyle lara laura lauren layla leah lee leo leon leonard lewis liam
    lily lina linda lindsay lisa logan lola louis louise lucas lucy luis luke lydia lynn maddie
    madison maisie malcolm marcus margaret maria mariam marie marion martha martin mary maryam mason
    matilda matthew maureen megan melissa mia michael michelle miguel mila millie mohammed
    mohammad molly morgan muhammad nadia naomi natalie natasha nathan neil niamh nicholas nicola
    nicole nina noah noor norman nuala oliver olivia omar oscar owen paige pamela patricia patrick
    paul paula pauline penelope peter philip phoebe phoenix pippa priya rachel rafael rahul raj
    rajesh ravi rebecca reggie rhys richard riley rita robert robin rohan ronan ronnie rory rosie
    ross ruth ryan sadie sahil samantha samir samuel sandra sara sarah scarlett sean sebastian
    seren shannon sharon sheila shirley simon sinead siobhan sofia sonia sophia sophie stacey
    stanley stella stephanie stephen steven stuart susan suzanne tamsin tanya tara teddy teresa
    theo theodore thomas tilly timothy tobias toby tom tommy tracey tyler valerie vanessa vera
    victor victoria vincent violet wendy william willow wyatt xavier yasmin yusuf zac zach zachary
    zahra zainab zara zoe zofia aria arthur reuben rosa romeo remi rex roman rowan rudy rufus
    sami sana saoirse sienna silas sonny stanley tariq tobi tomas tyrese usman wilf wilfred yara
    yousef zain zayn adebayo chidi chinedu ngozi tunde yemi ife amaka kemi olu ayo nkechi
    oluwaseun ayesha fatima hafsa aaliyah maryam ibrahim ismail bilal idris haris rayyan
    anaya aarav vihaan ishaan kavya diya riya meera neha pooja sanjay vikram arun deepa lakshmi
    wei li ming jun hui yan xin mei lin hao kenji yuki hana sora kaito min jae ji seo
    mateo santiago diego alejandro camila valentina lucia isabela luca giulia marco alessandro
    lukas jonas emil nils lars sven ingrid astrid elsa maja oskar piotr jakub katarzyna agnieszka
    ana nikola milan petra ivana eilidh ailsa fraser struan morag mhairi cerys dafydd gethin
    ffion bethan catrin aoife orla cian oisin padraig roisin grainne
    """
)
# Given names that are also ordinary words; in lower case they prove nothing.
AMBIGUOUS_GIVEN = _words(
    """
    will mark may june april august grace hope faith joy rose ruby bill pat sue rob art frank guy
    dawn summer amber jade max ray jean gene rich chase drew lane wade dean miles sandy holly ivy
    iris daisy poppy violet autumn crystal pearl sky rocky don al ed eve sunny penny bob
    phoenix willow hazel harper carter mason austin jack
    """
)
GIVEN_NAMES |= AMBIGUOUS_GIVEN
SURNAMES = _words(
    """
    abbott adams adeyemi ahmed akhtar ali allen anderson armstrong atkinson bailey baker ball banks
    barker barnes bell bennett berry bird bishop black blake bolton booth bradley brooks brown
    burke burns butler byrne campbell carr carroll carter chambers chapman chen clark clarke cole
    coleman collins connolly cook cooper cox cunningham davies davis dawson day dixon doherty
    doyle duncan dunn edwards elliott ellis evans farrell fisher fitzgerald fleming fletcher ford
    foster fox francis fraser gallagher garcia gibson gill gonzalez gordon graham grant gray green
    griffiths hall hamilton harding harper harris harrison hart harvey hayes henderson hill hope
    hughes hunt hunter hussain jackson james jenkins johnson johnston jones kaur kelly kennedy khan
    king knight kowalski kowalska kumar lambert lane lawrence lee lewis lloyd lopez lynch macdonald
    marshall martin martinez mason matthews mccarthy mcdonald mckenzie miller mills mitchell moore
    morgan morris murphy murray nguyen nolan obrien o'brien oconnor o'connor okafor okonkwo oliver
    owen owens palmer parker patel payne pearce pearson perry peters phillips powell price quinn
    reid reynolds richards richardson roberts robertson robinson rodriguez rogers rose ross russell
    ryan saunders scott shah sharma shaw simpson singh smith spencer stevens stewart stone sullivan
    taylor thomas thompson thomson turner walker walsh ward watson webb wells west white wilkinson
    williams wilson wood woods wright young
    abraham andrews archer ashton barber barlow barrett barton bates baxter begum bibi bradshaw
    brady brennan briggs bryant buckley bull burgess burton cameron cartwright chadwick chan
    charlton cohen coles connor conway cooke craig crawford cross curtis dale daly dean dennis
    dickinson dobson donnelly douglas drake duffy dyer eaton farmer fields finch fitzpatrick
    flynn forbes fowler frost fuller gardner garner gibbs gilbert goddard goodwin gould
    greenwood gregory hale hancock hardy hargreaves hartley hawkins haynes heath hewitt hicks
    higgins hobbs hodgson holden holland holloway holmes holt hooper horton howard howe hudson
    humphreys hurst hutchinson ingram iqbal jarvis jennings jordan joyce kay kemp kerr kirby kirk
    lamb lawson leach lees lowe lucas mahmood mann marsh maxwell mccann mcgrath mckay mclean
    mellor metcalfe miah middleton milner moss nash newman newton nicholls nicholson norris
    nuttall o'neill oneill osborne parkinson parry parsons perkins pickering pollard poole pope
    porter potter preston pritchard rahman randall reeves rees rhodes rice riley robson rowe
    rowley sanders savage sheppard sinclair skinner slater steele stephens stevenson storey
    summers sutton swift talbot tanner tate thornton tucker turnbull vaughan vincent wade wall
    walters warner warren waters watts weaver webster whitehouse whittaker wilkins willis winter
    wong woodward wyatt yates
    """
)
# Surnames that are also ordinary words: typed in lower case they prove nothing
# ("sam may need surgery", "ben white patches").
ORDINARY_SURNAMES = _words(
    """
    ball banks bell bird black brown cook cross day fields ford fox frost gray green hall hart
    hill hope hunt king lane long mills moss price rose rice savage stone summers swift wall
    ward webb wells west white winter wood woods young baker turner hunter fisher
    """
)
# Ordinary words that follow a first name in a sentence ("ben started", "mia has").
COMMON_WORDS = _words(
    """
    a about above after again against ago all almost alone along already also although always am
    an and another any anyway are around as ask asked asks at away back bad badly be became because
    become been before began begin begins being best better between both but by came can cannot
    cant could couldnt did didnt do does doesnt doing done dont down during each early either else
    ended ends enough even ever every far feel feels felt few finally first for found from gets
    getting give gives go goes going gone good got had hardly has hasnt have having he her here hers
    herself him himself his how however i if in into is isnt it its itself just keeps know knows
    last late later least less let lets like likes little lives living long looks lost lot loves
    made makes many may me might mine more most much must my myself need needed needs never new
    next no nobody none nor not nothing now of off often ok okay old on once one only onto or other
    our ours out over own rarely really said same saw says see seems seen she should since so some
    sometimes soon started starts still such sure take takes than that the their them then there
    these they thing things think this those though through thus till to today told too took
    tried tries try turned turns two under until up upon us used uses usually very was wasnt
    we well went were what when where whether which while who whom whose why will with within
    without wont would yes yet you your yours age aged aka also and
    has had was is got gets takes took started stopped loves hates eats sleeps wants needs plays
    goes went came comes misses missed starts seems looked looks feels felt said says asked asks
    tells told knows knew attends attended manages managed copes coped struggles struggled lives
    lived stays stayed suffers suffered uses used tries tried keeps kept finds found had has
    mum mom dad mummy daddy mother father son daughter brother sister baby boy girl kid kids child
    children husband wife partner nan nana gran granny grandma grandad grandpa aunt uncle cousin
    friend friends teacher nurse doctor consultant family twins twin
    everything something anything nobody somebody everyone someone
    woke ate slept threw got went came ran saw drank fell broke began swam kept left lost made met
    paid put read rode sat sang sent spent stood took told thought wore won wrote bit blew brought
    built bought caught chose cut drew drove fed fought flew forgot froze gave grew heard hid held
    hurt knew led lay meant quit rang shook shut spoke stuck taught tore wept sees eat sleep play
    cried cries smiled smiles laughed laughs walks walked runs talks talked worked works
    age aged years months weeks days yrs yo now then today tonight yesterday tomorrow too also
    again there here first finally eventually recently suddenly literally honestly actually
    """
)
# Two words that are a place, an institution or a famous name, not a patient.
NOT_NAME_PAIRS = _words(
    """
    johns_hopkins alder_hey great_ormond mayo_clinic cleveland_clinic mount_sinai milton_keynes
    los_angeles san_francisco san_diego san_antonio las_vegas new_york new_jersey new_zealand
    hong_kong sri_lanka costa_rica puerto_rico south_africa palo_alto salt_lake kansas_city
    el_paso fort_worth buenos_aires santa_monica little_rock long_island rhode_island
    north_carolina south_carolina west_virginia north_dakota south_dakota st_louis
    stoke_mandeville sick_kids sickkids seattle_children ben_nevis
    harry_potter peppa_pig taylor_swift harry_styles
    """
)
