// Starts GOV.UK Frontend's components. A separate file, not an inline script, because the
// content security policy allows scripts only from this server. Every page works without it.
import { initAll } from '/assets/govuk/govuk-frontend.min.js';

document.body.classList.add('js-enabled', 'govuk-frontend-supported');
initAll();
