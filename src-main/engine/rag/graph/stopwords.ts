/** English function words, plus words of source code and URLs that say nothing about a topic. */
export const STOPWORDS = new Set(
  `a about above after again against all almost along also although always am among an and another any anyone anything are
  around as at be became because become becomes been before being below between both but by can cannot could did do does
  doing done down during each either else enough etc even ever every few first for from further get gets getting give given
  go goes going got had has have having he her here hers herself him himself his how however i if in into is it its itself
  just last least less let like made make makes many may me might more most much must my myself need needs neither never
  new next no nor not now of off often on once one only or other others our ours ourselves out over own per perhaps put
  rather really said same say says see seen shall she should since so some something still such than that the their
  theirs them themselves then there therefore these they thing things this those though through thus to too two under
  until up upon us use used uses using very via was way ways we well were what whatever when where whether which while who
  whom whose why will with within without would yet you your yours yourself yourselves
  don doesn didn isn aren wasn weren won wouldn shouldn couldn
  abstract args async await bool boolean break byte case catch char class const continue def default del delete elif
  enum except export exports extends false final finally float fn func function impl implements import include int
  interface lambda long module namespace none null nil number object override package pass print println printf private
  protected pub public raise readonly require return self static str string struct super switch this throw throws
  true try type typeof undefined unsigned val var void while yield console log err
  http https www com org net html htm md`
    .split(/\s+/)
    .filter(Boolean),
);
