import { configure } from '@testing-library/react';

// findBy*/waitFor give up after 1 s by default; CI shares two cores with browsers and databases,
// so give asynchronous UI updates more room (a passing test still returns as soon as it passes).
configure({ asyncUtilTimeout: 5000 });
