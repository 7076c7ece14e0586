// huimin: optional behaviour only; every page works without this script.
'use strict';

// A form (or a submit button) with data-confirm asks before it is sent.
document.addEventListener('submit', function (ev) {
	var form = ev.target;
	var button = ev.submitter;
	var text = (button && button.getAttribute('data-confirm')) || form.getAttribute('data-confirm');
	if (text && !window.confirm(text))
		ev.preventDefault();
});

// A form is sent once: its submit buttons are disabled after the first click.
document.addEventListener('submit', function (ev) {
	if (ev.defaultPrevented)
		return;
	var buttons = ev.target.querySelectorAll('button[type="submit"], input[type="submit"]');
	window.setTimeout(function () {
		for (var i = 0; i < buttons.length; i++)
			buttons[i].disabled = true;
	}, 0);
});
