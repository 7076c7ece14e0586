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

// The import form shows how the upload goes, then what the server answered.
// Without this script the form is sent as usual and the answer is the same page.
document.addEventListener('submit', function (ev) {
	var form = ev.target;
	if (ev.defaultPrevented || !form.classList.contains('import') || !window.FormData)
		return;
	var box = form.querySelector('.import-progress');
	if (!box)
		return;
	var bar = box.querySelector('progress');
	var text = box.querySelector('span');
	ev.preventDefault();
	box.hidden = false;
	var xhr = new XMLHttpRequest();
	xhr.open('POST', form.action);
	xhr.upload.onprogress = function (e) {
		if (!e.lengthComputable)
			return;
		bar.value = e.loaded / e.total;
		text.textContent = '正在上传：' + Math.round(100 * e.loaded / e.total) + '%';
	};
	xhr.upload.onload = function () {
		bar.removeAttribute('value');
		text.textContent = '上传完成，正在逐行检查并导入，请稍候……';
	};
	xhr.onload = function () {
		document.open();
		document.write(xhr.responseText);
		document.close();
	};
	xhr.onerror = function () {
		text.textContent = '网络中断，文件没有导入，请重新选择文件再试。';
		var buttons = form.querySelectorAll('button[type="submit"]');
		for (var i = 0; i < buttons.length; i++)
			buttons[i].disabled = false;
	};
	xhr.send(new FormData(form));
});
